import { SessionConflictError } from "./errors.js";
import type { GuardedStore } from "./guarded-store.js";
import type { RecordStatus } from "./record.js";
import type { SessionRecord } from "./types.js";

/** A compare-and-set that landed, or found the session gone (and why). */
export type CasOutcome<D> =
  | { written: SessionRecord<D>; gone?: undefined }
  | { written?: undefined; gone: Exclude<RecordStatus, "live"> };

/**
 * Compare-and-set with bounded retries. `build` turns the record as last seen into the record
 * to write (version + 1); on conflict the fresh record is read and `build` runs again on it.
 * Resolves the written record, or why the session is gone (destroyed or expired by a concurrent
 * request, or replaced by a regeneration): a destroyed session is never written back.
 *
 * `known` is what an earlier commit in this process wrote to the same id: when it is newer than
 * `first`, the write starts from it as if a conflict had already been read back, saving the
 * failed compare-and-set and the re-read.
 */
export async function casWrite<D>(
  store: GuardedStore,
  first: SessionRecord<D>,
  build: (current: SessionRecord<D>, attempt: number) => SessionRecord<D>,
  statusOf: (record: SessionRecord<D> | null) => RecordStatus,
  maxRetries: number,
  known?: SessionRecord<D> | "gone",
): Promise<CasOutcome<D>> {
  let current = first;
  let start = 0;
  if (known === "gone") return { gone: "gone" };
  if (known && known.version > first.version) {
    const status = statusOf(known);
    if (status !== "live") return { gone: status };
    current = known;
    start = 1;
  }
  for (let attempt = start; ; attempt++) {
    const next = build(current, attempt);
    if (await store.set(next as SessionRecord, current.version)) return { written: next };
    if (attempt >= maxRetries) throw new SessionConflictError(attempt + 1);
    await backoff(attempt);
    const fresh = (await store.get(current.id)) as SessionRecord<D> | null;
    const status = statusOf(fresh);
    if (status !== "live" || !fresh) return { gone: status === "live" ? "gone" : status };
    current = fresh;
  }
}

/**
 * Writers that lost to each other retry at random moments instead of in lockstep, so a burst of
 * N concurrent writers settles in about log N rounds rather than N (full jitter, capped at 50 ms).
 */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
