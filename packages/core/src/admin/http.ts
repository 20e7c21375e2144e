/**
 * The little of HTTP the admin and devices routes need, so one route table serves every
 * binding: the binding builds an `AdminRequest` from its framework's request and writes the
 * `AdminResponse` back. No bodies are read: every route carries its arguments in the path or
 * the query string, so no body parser is needed and forms post nothing but the click.
 */
export interface AdminRequest<R = unknown> {
  /** Upper-case method. */
  method: string;
  /** Path below the mount point, starting with "/" ("/" for the mount point itself). */
  path: string;
  query: URLSearchParams;
  /** Reads one request header by lower-case name. */
  header(name: string): string | undefined;
  /** Where the routes are mounted ("/admin/sessions"), for links and form actions. */
  base: string;
  /** This request's session, when the session middleware ran before the routes. */
  session: { readonly id: string; readonly userId: string | null } | undefined;
  /** The framework's own request (Express `req`, Koa `ctx`), handed to `authorize`. */
  raw: R;
}

export interface AdminResponse {
  status: number;
  headers: Record<string, string>;
  /** Empty for 204 and redirects. */
  body: string;
}

/** Headers every page and answer carries: no caching of session lists, no framing, no sniffing. */
const COMMON = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

export function json(status: number, body?: unknown): AdminResponse {
  if (body === undefined) return { status, headers: { ...COMMON }, body: "" };
  return {
    status,
    headers: { ...COMMON, "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
  };
}

export function page(status: number, document: string): AdminResponse {
  return {
    status,
    headers: {
      ...COMMON,
      "content-type": "text/html; charset=utf-8",
      // The pages have no scripts at all; styles come from the layout's <style> element.
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      "x-frame-options": "DENY",
    },
    body: document,
  };
}

/** 303 See Other: after a form POST the browser GETs the page again (no re-post on reload). */
export function seeOther(location: string): AdminResponse {
  return { status: 303, headers: { ...COMMON, location }, body: "" };
}
