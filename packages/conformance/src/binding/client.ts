/** One `Set-Cookie` header, split into name, value and attributes (lower-case names). */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string | true>;
  raw: string;
}

/** Parses a `Set-Cookie` value (RFC 6265 section 5.2, without date handling). */
export function parseSetCookie(raw: string): SetCookie {
  const [pair = "", ...parts] = raw.split(";");
  const eq = pair.indexOf("=");
  const attributes = new Map<string, string | true>();
  for (const part of parts) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const at = trimmed.indexOf("=");
    if (at < 0) attributes.set(trimmed.toLowerCase(), true);
    else attributes.set(trimmed.slice(0, at).trim().toLowerCase(), trimmed.slice(at + 1).trim());
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes, raw };
}

/** A response as the scenarios look at it. */
export interface ClientResponse {
  status: number;
  headers: Headers;
  setCookies: SetCookie[];
  /** The JSON body, or the text when it is not JSON. */
  body: unknown;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Send the jar's cookies and store the answer's. @default true */
  jar?: boolean;
}

/** `fetch` with a one-host cookie jar: enough of a browser for the suite. */
export class BindingClient {
  readonly baseUrl: string;
  readonly cookies = new Map<string, string>();

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** A copy of this client with its own jar holding the same cookies (a second tab, or a thief). */
  fork(): BindingClient {
    const copy = new BindingClient(this.baseUrl);
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }

  async get(path: string, options: RequestOptions = {}): Promise<ClientResponse> {
    const useJar = options.jar ?? true;
    const headers = new Headers(options.headers);
    if (useJar && this.cookies.size > 0 && !headers.has("cookie")) {
      headers.set(
        "cookie",
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
      );
    }
    const response = await fetch(new URL(path, this.baseUrl), { headers, redirect: "manual" });
    const text = await response.text();
    const setCookies = response.headers.getSetCookie().map(parseSetCookie);
    if (useJar) {
      for (const cookie of setCookies) {
        if (cookie.attributes.get("max-age") === "0") this.cookies.delete(cookie.name);
        else this.cookies.set(cookie.name, cookie.value);
      }
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (an error page): keep the text for the failure message.
    }
    return { status: response.status, headers: response.headers, setCookies, body };
  }
}
