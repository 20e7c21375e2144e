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
