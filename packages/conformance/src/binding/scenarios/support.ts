import type { ClientResponse, SetCookie } from "../client.js";
import type { SessionView } from "../routes.js";

/** The one `Set-Cookie` for `name` in a response; throws when there is none or several. */
export function cookieNamed(response: ClientResponse, name = "sid"): SetCookie {
  const found = response.setCookies.filter((cookie) => cookie.name === name);
  if (found.length !== 1) {
    throw new Error(
      `expected one Set-Cookie for ${name}, got ${found.length}: ${JSON.stringify(response.setCookies.map((c) => c.raw))}`,
    );
  }
  return found[0] as SetCookie;
}

/** The session as the route saw it; throws with the body when the response is not one. */
export function viewOf(response: ClientResponse): SessionView {
  const body = response.body as Partial<SessionView> | null;
  if (response.status !== 200 || typeof body !== "object" || body === null || !("id" in body)) {
    throw new Error(`expected a session view, got ${response.status}: ${JSON.stringify(body)}`);
  }
  return body as SessionView;
}

/** `<token>.<signature>` as the core signs it: base64url token, 43-character signature. */
export const SIGNED_TOKEN = /^[A-Za-z0-9_-]{16,128}\.[A-Za-z0-9_-]{43}$/;

/** The client's token (without signature) of a signed cookie value. */
export function tokenPart(value: string): string {
  return value.slice(0, value.lastIndexOf("."));
}
