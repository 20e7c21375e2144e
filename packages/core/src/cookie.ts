import { parse, serialize } from "cookie";
import type { ResolvedCookieOptions } from "./options.js";

/** The raw value of the named cookie, or undefined. `cookie` handles RFC 6265 parsing rules. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  return parse(header)[name];
}

/**
 * A Set-Cookie value for the session. `maxAge` is in ms (public durations are ms everywhere);
 * the conversion to the cookie's seconds happens here only.
 */
export function serializeSessionCookie(
  options: ResolvedCookieOptions,
  value: string,
  secure: boolean,
  maxAge: number | undefined,
): string {
  return serialize(options.name, value, {
    path: options.path,
    httpOnly: options.httpOnly,
    sameSite: options.sameSite,
    secure,
    ...(options.domain !== undefined && { domain: options.domain }),
    ...(options.partitioned && { partitioned: true }),
    ...(maxAge !== undefined && { maxAge: Math.max(0, Math.floor(maxAge / 1000)) }),
  });
}

/**
 * Clears the cookie with the same Path and Domain it was set with (browsers match on both,
 * expressjs/session#507) and `Max-Age=0`.
 */
export function serializeClearCookie(options: ResolvedCookieOptions, secure: boolean): string {
  return serializeSessionCookie(options, "", secure, 0);
}
