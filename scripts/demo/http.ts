import { once } from "node:events";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { c, shortenCookie } from "./print.js";

export async function listen(handler: RequestListener) {
  const server = createServer(handler);
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
 * One browser on one device: a cookie jar, a User-Agent, and every request and response
 * printed (token values shortened). Redirects are not followed, so each step shows.
 */
export class Device {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly name: string,
    readonly baseUrl: string,
    readonly userAgent: string,
  ) {}

  get(path: string): Promise<Reply> {
    return this.request("GET", path);
  }

  post(path: string, form: Record<string, string> = {}): Promise<Reply> {
    return this.request("POST", path, form);
  }

  async request(method: string, path: string, form?: Record<string, string>): Promise<Reply> {
    const headers: Record<string, string> = { "user-agent": this.userAgent };
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (cookie) headers.cookie = cookie;
    const body = form === undefined ? undefined : new URLSearchParams(form).toString();
    if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";

    const shownBody = body ? ` ${c.dim(printableForm(form ?? {}))}` : "";
    console.log(`  ${c.cyan(`[${this.name}]`)} ${c.bold(`${method} ${path}`)}${shownBody}`);
    console.log(`      Cookie: ${cookie ? shortenCookie(cookie) : c.dim("(none)")}`);

    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      redirect: "manual",
      ...(body === undefined ? {} : { body }),
    });
    const setCookies = response.headers.getSetCookie();
    const location = response.headers.get("location");
    const status = `${response.status} ${response.statusText}`;
    console.log(`      ← ${c.bold(status)}${location ? ` → ${location}` : ""}`);
    if (setCookies.length === 0) console.log(`      Set-Cookie: ${c.dim("(none)")}`);
    for (const line of setCookies) {
      console.log(`      Set-Cookie: ${c.yellow(shortenCookie(line))}`);
      this.#store(line);
    }
    return { status: response.status, location, setCookies, body: await response.text() };
  }

  #store(line: string): void {
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const eq = pair.indexOf("=");
    const maxAge = attributes.find((a) => a.toLowerCase().startsWith("max-age="));
    const value = pair.slice(eq + 1);
    if (value === "" || (maxAge !== undefined && Number(maxAge.slice(8)) <= 0)) {
      this.cookies.delete(pair.slice(0, eq));
    } else {
      this.cookies.set(pair.slice(0, eq), value);
    }
  }
}

function printableForm(form: Record<string, string>): string {
  return Object.entries(form)
    .map(([key, value]) => `${key}=${key === "password" ? "****" : value}`)
    .join("&");
}
