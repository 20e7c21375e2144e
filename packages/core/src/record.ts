import type { ResolvedSessionOptions } from "./options.js";
import { idleTimeoutOf } from "./session-lifetime.js";
import type { SessionMeta, SessionRecord } from "./types.js";

/**
 * Idle expiry capped by the absolute lifetime: the `expiresAt` every write and touch stores. The
 * idle part is the session's own (`meta.idleTimeout`, "remember me") when it has one.
 */
export function nextExpiry(
  options: ResolvedSessionOptions,
  createdAt: number,
  now: number,
  meta?: SessionMeta,
): number {
  return Math.min(now + idleTimeoutOf(options, meta), createdAt + options.absoluteTimeout);
}

/** Live by the manager's clock: before its stored deadline and inside the absolute lifetime. */
export function isLive(
  options: ResolvedSessionOptions,
  record: SessionRecord,
  now: number,
): boolean {
  return now < record.expiresAt && now < record.createdAt + options.absoluteTimeout;
}
