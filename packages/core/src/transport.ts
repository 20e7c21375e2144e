import { readCookie, serializeClearCookie, serializeSessionCookie } from "./cookie.js";
import type { SessionInput } from "./io.js";
import type { ResolvedSessionOptions } from "./options.js";

/** The signed token the client presented, from the cookie or the configured header. */
export function readPresentedToken(
  options: ResolvedSessionOptions,
  input: SessionInput,
): string | undefined {
  const transport = options.transport;
  if (transport.kind === "cookie") return readCookie(input.header("cookie"), options.cookie.name);
  const value = input.header(transport.header)?.trim();
  if (!value) return undefined;
  if (!transport.bearer) return value;
  // RFC 6750 section 2.1: the scheme is case-insensitive.
  const match = /^bearer +(\S+)$/i.exec(value);
  return match?.[1];
}

/** Whether the cookie gets the Secure attribute on this request. */
export function cookieIsSecure(options: ResolvedSessionOptions, input: SessionInput): boolean {
  const secure = options.cookie.secure;
  return secure === "auto" ? input.secure || options.production : secure;
}

/** Response header carrying a (new or refreshed) signed token. */
export function issueTokenHeader(
  options: ResolvedSessionOptions,
  input: SessionInput,
  signed: string,
  expiresAt: number,
  now: number,
  persistent: boolean = options.cookie.persistent,
): [string, string] {
  const transport = options.transport;
  if (transport.kind === "header") return [transport.responseHeader, signed];
  const maxAge = persistent ? expiresAt - now : undefined;
  return [
    "set-cookie",
    serializeSessionCookie(options.cookie, signed, cookieIsSecure(options, input), maxAge),
  ];
}

/** Response header telling the client to forget its token. */
export function clearTokenHeader(
  options: ResolvedSessionOptions,
  input: SessionInput,
): [string, string] {
  const transport = options.transport;
  if (transport.kind === "header") return [transport.responseHeader, ""];
  return ["set-cookie", serializeClearCookie(options.cookie, cookieIsSecure(options, input))];
}
