import { SessionConfigError } from "./errors.js";
import type { SessionStore } from "./store.js";

/** What the limit options resolve to. `Infinity` is "no limit". */
export interface SessionLimits {
  maxSessionBytes: number;
  maxSessionsPerUser: number;
  onTooManySessions: "revoke-oldest" | "refuse";
}

/** The limit options of `SessionOptions` (see there for their meaning). */
export interface SessionLimitOptions {
  maxSessionBytes?: number;
  maxSessionsPerUser?: number;
  onTooManySessions?: "revoke-oldest" | "refuse";
}

function positiveCount(option: string, value: number | undefined): number {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new SessionConfigError(option, "must be a positive integer (or Infinity for no limit)");
  }
  return value;
}

/** Checks the limit options once, at construction. */
export function resolveLimits(options: SessionLimitOptions, store: SessionStore): SessionLimits {
  const maxSessionBytes = positiveCount("maxSessionBytes", options.maxSessionBytes);
  const maxSessionsPerUser = positiveCount("maxSessionsPerUser", options.maxSessionsPerUser);
  const onTooManySessions = options.onTooManySessions ?? "revoke-oldest";
  if (onTooManySessions !== "revoke-oldest" && onTooManySessions !== "refuse") {
    throw new SessionConfigError("onTooManySessions", 'must be "revoke-oldest" or "refuse"');
  }
  if (maxSessionsPerUser !== Number.POSITIVE_INFINITY && typeof store.listByUser !== "function") {
    throw new SessionConfigError(
      "maxSessionsPerUser",
      `needs a store that lists a user's sessions (listByUser); ${store.name ?? "this store"} does not`,
    );
  }
  return { maxSessionBytes, maxSessionsPerUser, onTooManySessions };
}
