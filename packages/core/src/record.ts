import type { ResolvedSessionOptions } from "./options.js";
import type { SessionRecord } from "./types.js";

/** Idle expiry capped by the absolute lifetime: the `expiresAt` every write and touch stores. */
export function nextExpiry(
  options: ResolvedSessionOptions,
  createdAt: number,
  now: number,
): number {
  return Math.min(now + options.idleTimeout, createdAt + options.absoluteTimeout);
}

/** Live by the manager's clock: before its stored deadline and inside the absolute lifetime. */
export function isLive(
  options: ResolvedSessionOptions,
  record: SessionRecord,
  now: number,
): boolean {
  return now < record.expiresAt && now < record.createdAt + options.absoluteTimeout;
}
