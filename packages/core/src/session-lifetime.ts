import type { ResolvedSessionOptions } from "./options.js";
import type { SessionMeta } from "./types.js";

/**
 * A session's own lifetime ("remember me"), kept in `meta` so every store persists it without a
 * schema change: `meta.idleTimeout` replaces the `idleTimeout` option for that session, and
 * `meta.persistent` replaces `cookie.persistent`. The absolute lifetime still caps both. A value
 * that is not a positive finite number (a store holding junk) is ignored, never trusted.
 */
export function idleTimeoutOf(options: ResolvedSessionOptions, meta?: SessionMeta): number {
  const own = meta?.idleTimeout;
  return typeof own === "number" && own > 0 && Number.isFinite(own) ? own : options.idleTimeout;
}

/** Whether this session's cookie carries Max-Age (survives a browser restart). */
export function persistentCookieOf(options: ResolvedSessionOptions, meta?: SessionMeta): boolean {
  const own = meta?.persistent;
  return typeof own === "boolean" ? own : options.cookie.persistent;
}

/**
 * Gives a session its own lifetime: `ms` as its idle lifetime with a persistent cookie ("remember
 * me"), or `null` for a browser-session cookie with the default idle lifetime. What
 * express-session's `cookie.maxAge` and koa-session's `maxAge` setters do.
 *
 * @throws TypeError when `ms` is not a positive finite number; `what` names the property.
 */
export function setOwnLifetime(
  options: ResolvedSessionOptions,
  meta: SessionMeta,
  ms: number | null,
  what: string,
): void {
  if (ms === null) {
    meta.persistent = false;
    delete meta.idleTimeout;
    return;
  }
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0) {
    throw new TypeError(`${what} must be a positive number of ms`);
  }
  meta.idleTimeout = ms;
  // Only recorded where it differs from the option, so the stored meta stays small.
  if (!options.cookie.persistent) meta.persistent = true;
  else delete meta.persistent;
}
