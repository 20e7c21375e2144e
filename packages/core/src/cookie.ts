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
 *
 * `cookie` serialises (and validates) the attributes, which are the same on every response of
 * one middleware: it runs once per kind of cookie (persistent or not, Secure or not) with a
 * placeholder value and Max-Age, and each response fills the two in. A value outside the
 * characters a signed token uses goes through `cookie` in full.
 */
export function serializeSessionCookie(
  options: ResolvedCookieOptions,
  value: string,
  secure: boolean,
  maxAge: number | undefined,
): string {
  const template = TOKEN_CHARS.test(value)
    ? templateOf(options, secure, maxAge !== undefined)
    : null;
  if (template === null) return serializeFully(options, value, secure, maxAge);
  if (maxAge === undefined) return template.before + value + template.after;
  const seconds = Math.max(0, Math.floor(maxAge / 1000));
  return template.before + value + template.middle + seconds + template.after;
}

/** What `encodeURIComponent` leaves as it is, and a signed token is made of. */
const TOKEN_CHARS = /^[A-Za-z0-9._-]*$/;
const VALUE_MARK = "SESSIONKITVALUE";
const MAX_AGE_MARK = 918_273_645;

interface CookieTemplate {
  before: string;
  middle: string;
  after: string;
}

/** Per cookie options, the template of each kind: index `secure * 2 + persistent`. */
const templates = new WeakMap<ResolvedCookieOptions, Array<CookieTemplate | null | undefined>>();

/** The kind's template, or null when the attributes happen to contain a placeholder. */
function templateOf(
  options: ResolvedCookieOptions,
  secure: boolean,
  persistent: boolean,
): CookieTemplate | null {
  let byKind = templates.get(options);
  if (!byKind) {
    byKind = [];
    templates.set(options, byKind);
  }
  const kind = (secure ? 2 : 0) + (persistent ? 1 : 0);
  let template = byKind[kind];
  if (template === undefined) {
    const full = serializeFully(
      options,
      VALUE_MARK,
      secure,
      persistent ? MAX_AGE_MARK * 1000 : undefined,
    );
    const [before = "", rest = "", ...extraValues] = full.split(VALUE_MARK);
    const [middle = "", after = "", ...extraAges] = persistent
      ? rest.split(String(MAX_AGE_MARK))
      : ["", rest];
    template = extraValues.length + extraAges.length === 0 ? { before, middle, after } : null;
    byKind[kind] = template;
  }
  return template;
}

function serializeFully(
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
