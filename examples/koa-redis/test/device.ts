import { once } from "node:events";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Starts `handler` on an ephemeral port of 127.0.0.1; `close` also drops keep-alive sockets. */
export async function listen(
  handler: RequestListener,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export interface Reply {
  status: number;
  location: string | null;
  setCookies: string[];
  body: string;
}

/**
 * One client with its own cookie jar, as a browser on one device would be: it stores what
 * `Set-Cookie` says and sends it back. Redirects are not followed, so each step is visible.
 */
export class Device {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly userAgent: string,
  ) {}

  get(path: string): Promise<Reply> {
    return this.request("GET", path);
  }

  post(path: string, form: Record<string, string> = {}): Promise<Reply> {
    return this.request("POST", path, new URLSearchParams(form).toString());
  }

  async request(method: string, path: string, body?: string): Promise<Reply> {
    const headers: Record<string, string> = { "user-agent": this.userAgent };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    }
    if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      redirect: "manual",
      ...(body === undefined ? {} : { body }),
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.#store(line);
    return {
      status: response.status,
      location: response.headers.get("location"),
      setCookies,
      body: await response.text(),
    };
  }

  #store(line: string): void {
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const maxAge = attributes.find((a) => a.toLowerCase().startsWith("max-age="));
    const expires = attributes.find((a) => a.toLowerCase().startsWith("expires="));
    const expired =
      (maxAge !== undefined && Number(maxAge.slice(8)) <= 0) ||
      (expires !== undefined && Date.parse(expires.slice(8)) <= Date.now());
    if (expired || value === "") this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** The session handle the home page shows a signed-in user. */
export function shownHandle(html: string): string {
  const match = /<code class="handle" id="session-id">([A-Za-z0-9_-]+)<\/code>/.exec(html);
  if (!match?.[1]) throw new Error("the page shows no session handle");
  return match[1];
}

/** Handles of the sessions a library page (devices or admin) lists, in order. */
export function listedSessions(html: string): string[] {
  return [...html.matchAll(/<tr data-session="([A-Za-z0-9_-]+)">/g)].map((m) => m[1] as string);
}
