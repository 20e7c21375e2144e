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
  return (
    !isReplaced(record) &&
    now < record.expiresAt &&
    now < record.createdAt + options.absoluteTimeout
  );
}

/**
 * How long the record a regeneration replaced stays behind as a tombstone. Requests that were
 * in flight with the old token while the regeneration ran (a slow page, a second tab) find it
 * and know their token was replaced rather than revoked, so they leave the client's (new)
 * cookie alone instead of clearing it. A minute covers any request still in flight.
 */
export const REPLACED_GRACE_MS = 60_000;

/** True for the tombstone a regeneration leaves at the old id: never a live session. */
export function isReplaced(record: SessionRecord): boolean {
  return record.meta?.replaced === true;
}

/**
 * What a store read means for a session: `live`, `replaced` (a regeneration moved it to a new
 * token; the client's cookie must not be cleared), or `gone` (destroyed, revoked, expired).
 */
export type RecordStatus = "live" | "replaced" | "gone";

export function statusOf(
  options: ResolvedSessionOptions,
  record: SessionRecord | null,
  now: number,
): RecordStatus {
  if (!record) return "gone";
  if (isReplaced(record)) return now < record.expiresAt ? "replaced" : "gone";
  return isLive(options, record, now) ? "live" : "gone";
}

/**
 * The tombstone that replaces `current` when it is regenerated: no user (never listed, never
 * revoked by user), no data, short-lived, and one version on so a concurrent compare-and-set on
 * the old record fails and re-reads it.
 */
export function tombstoneOf(current: SessionRecord, now: number): SessionRecord {
  return {
    id: current.id,
    userId: null,
    data: {},
    createdAt: current.createdAt,
    lastActiveAt: now,
    expiresAt: now + REPLACED_GRACE_MS,
    meta: { replaced: true },
    version: current.version + 1,
  };
}
