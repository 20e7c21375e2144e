import { casWrite } from "./cas-write.js";
import type { QueueEntry } from "./commit-queue.js";
import { keepOnly } from "./data-merge.js";
import type { EngineContext } from "./engine-context.js";
import { createRecord } from "./engine-create.js";
import { assignToken, loadedRecordOf } from "./engine-state.js";
import { adoptWritten, type Edits, editsOf, mergeOnto } from "./engine-update.js";
import { assertSessionSize } from "./limits.js";
import { type RecordStatus, tombstoneOf } from "./record.js";
import type { SessionState } from "./session.js";
import type { Mutation, Snapshot } from "./snapshot.js";
import type { SessionRecord } from "./types.js";

/**
 * Moves the session to a new token. The old record is first turned into a short-lived
 * tombstone by compare-and-set on the version this request loaded, and only then is the new
 * record created:
 * - if the old record is gone (logout, `revokeAll`, expiry) the compare-and-set fails and the
 *   re-read finds nothing: the regeneration is lost and nothing is created, so a request that
 *   loaded the session before a logout can never bring it back signed in;
 * - if a concurrent request wrote the old record meanwhile, the re-read finds its version and
 *   this request's changes are merged onto it (as an update would), so that write carries over;
 * - requests still holding the old token find the tombstone and know the session moved rather
 *   than ended, so they leave the client's new cookie alone.
 * Resolves `"live"` when the new record is written, else why the session was lost.
 */
export async function regenerateRecord<D>(
  context: EngineContext<D>,
  queued: QueueEntry,
  state: SessionState<D>,
  now: number,
  snapshot: Snapshot<D>,
  next: { token: string; restartLifetime: boolean },
  mutation?: Mutation<D>,
): Promise<RecordStatus> {
  const { options, store } = context;
  const keep = state.regenerate?.keep ?? true;
  let edits: Edits<D> | undefined;
  let merged = snapshot;
  const outcome = await casWrite(
    store,
    loadedRecordOf(state),
    (current, attempt) => {
      if (attempt > 0) {
        // A concurrent writer's keys pass through the same `keep` filter as the loaded data did.
        edits ??= editsOf(state, snapshot, mutation);
        merged = mergeOnto(current, keepOnly(current.data as object, keep) as D, edits, mutation);
        // A concurrent writer's keys can make it too large: fail before the tombstone.
        assertSessionSize(options, merged);
      }
      return tombstoneOf(current as SessionRecord, now) as SessionRecord<D>;
    },
    context.statusOf,
    options.maxWriteRetries,
    queued.last as SessionRecord<D> | "gone" | undefined,
  );
  if (outcome.gone) {
    if (outcome.gone === "gone") queued.last = "gone";
    return outcome.gone;
  }
  // Commits queued behind this one find the tombstone without asking the store.
  queued.last = outcome.written as SessionRecord;
  const createdAt = next.restartLifetime ? now : outcome.written.createdAt;
  if (merged !== snapshot) adoptWritten(state, merged);
  assignToken(state, next.token);
  await createRecord(context, state, now, createdAt, merged);
  return "live";
}
