import { type CasOutcome, casWrite } from "./cas-write.js";
import type { GroupOutcome, QueueEntry } from "./commit-queue.js";
import { cloneJson, reapplyChangedKeys, replaceContents } from "./data-merge.js";
import type { EngineContext } from "./engine-context.js";
import { loadedRecordOf } from "./engine-state.js";
import { assertSessionSize } from "./limits.js";
import { nextExpiry, type RecordStatus } from "./record.js";
import type { SessionState } from "./session.js";
import {
  type Base,
  baseData,
  baseOf,
  type Mutation,
  type Snapshot,
  serializeData,
} from "./snapshot.js";
import type { SessionMeta, SessionRecord } from "./types.js";

/** What this request changed relative to its base, for re-applying onto fresh records. */
export interface Edits<D> {
  /** The base's data; null when this request never reached for the data (it changed no key). */
  base: D | null;
  /** The data to re-apply key by key (for `mutate`: before its function ran). */
  data: D;
  userId: string | null;
  meta: SessionMeta;
  userChanged: boolean;
  metaChanged: boolean;
}

export function editsOf<D>(
  state: SessionState<D>,
  snapshot: Snapshot<D>,
  mutation: Mutation<D> | undefined,
): Edits<D> {
  return {
    base: baseData(state),
    data: mutation ? mutation.before : snapshot.data,
    userId: snapshot.userId,
    meta: snapshot.meta,
    userChanged: snapshot.userId !== state.base.userId,
    metaChanged: JSON.stringify(snapshot.meta) !== state.base.metaJson,
  };
}

/** This request's changes re-applied onto `current`, a record a concurrent writer stored. */
export function mergeOnto<D>(
  current: SessionRecord<D>,
  freshData: D,
  edits: Edits<D>,
  mutation: Mutation<D> | undefined,
): Snapshot<D> {
  const data = (
    edits.base === null
      ? cloneJson(freshData)
      : reapplyChangedKeys(freshData as object, edits.base as object, edits.data as object)
  ) as D;
  if (mutation) mutation.fn(data);
  return {
    data,
    userId: edits.userChanged ? edits.userId : current.userId,
    meta: edits.metaChanged ? edits.meta : current.meta,
    dataJson: serializeData(data),
  };
}

/** The base after a write of `written`, whose data serialises to `dataJson`. */
export function baseAfterWrite<D>(
  state: SessionState<D>,
  written: { userId: string | null; meta: SessionMeta },
  dataJson: string,
): Base {
  // Data the handler never reached for stays unserialised: it still cannot have changed.
  return baseOf(state.base.dataJson === null ? null : dataJson, written.userId, written.meta);
}

/**
 * Shows this request the record it wrote, in place, so code holding `session.data` or
 * `session.meta` sees a concurrent writer's merged keys too. Copies: the written record is kept
 * for the next queued commit, and must not change when this request's handler edits its data.
 */
export function adoptWritten<D>(state: SessionState<D>, written: Snapshot<D>): void {
  replaceContents(state.data as object, JSON.parse(written.dataJson) as object);
  replaceContents(state.meta, cloneJson(written.meta));
  state.userId = written.userId;
}

/** One request's update, waiting for its turn in the session's commit queue. */
export interface PendingUpdate<D> {
  state: SessionState<D>;
  now: number;
  snapshot: Snapshot<D>;
  mutation: Mutation<D> | undefined;
}

/** A request's changes could not be applied in a group (too large, its `mutate` threw). */
class RefusedInGroup extends Error {}

/**
 * Writes the updates queued on one session in one turn. Updates that arrived while another
 * commit to the session was in flight are folded into one compare-and-set (see `writeFolded`):
 * N waiting writers cost one store write instead of N. If one request's changes cannot be
 * applied, the group is written one request at a time instead, so that error stays that
 * request's alone and the others land as they would have.
 */
export async function updateTogether<D>(
  context: EngineContext<D>,
  queued: QueueEntry,
  updates: readonly PendingUpdate<D>[],
): Promise<Array<GroupOutcome<RecordStatus>>> {
  if (updates.length > 1) {
    try {
      const status = await writeFolded(context, queued, updates);
      return updates.map(() => ({ ok: true, value: status }));
    } catch (error) {
      if (!(error instanceof RefusedInGroup)) throw error;
    }
  }
  const outcomes: Array<GroupOutcome<RecordStatus>> = [];
  for (const update of updates) {
    try {
      outcomes.push({ ok: true, value: await writeFolded(context, queued, [update]) });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}

/**
 * Compare-and-set of the requests' changes, applied in queue order, on the freshest record
 * known: the first request's snapshot as it stands when the store still holds what it loaded;
 * otherwise (a conflict, an earlier commit in this process, or any later request of a group)
 * each request's changed keys merged onto the record before it, as a lone writer's conflict is
 * resolved. Every request then shows the record as written, the others' changes included: that
 * is what the store holds after its write, and no record in between ever existed there.
 */
async function writeFolded<D>(
  context: EngineContext<D>,
  queued: QueueEntry,
  updates: readonly PendingUpdate<D>[],
): Promise<RecordStatus> {
  const { options, store } = context;
  const first = updates[0] as PendingUpdate<D>;
  // Worked out on the first merge only: an uncontended write parses nothing.
  const edits: Array<Edits<D> | undefined> = [];
  let last = first.snapshot;
  const outcome: CasOutcome<D> = await casWrite(
    store,
    loadedRecordOf(first.state),
    (current, attempt) => {
      let record = current;
      updates.forEach((update, i) => {
        try {
          // At attempt 0, `current` is the first request's loaded record (without its data).
          if (i === 0 && attempt === 0) last = update.snapshot;
          else {
            const { state, snapshot, mutation } = update;
            const mine = edits[i] ?? editsOf(state, snapshot, mutation);
            edits[i] = mine;
            last = mergeOnto(record, record.data, mine, mutation);
          }
          assertSessionSize(options, last);
        } catch (error) {
          if (updates.length > 1) throw new RefusedInGroup("refused", { cause: error });
          throw error;
        }
        record = {
          id: record.id,
          userId: last.userId,
          data: last.data,
          createdAt: record.createdAt,
          lastActiveAt: update.now,
          expiresAt: nextExpiry(options, record.createdAt, update.now, last.meta),
          meta: last.meta,
          version: current.version + 1,
        };
      });
      return record;
    },
    context.statusOf,
    options.maxWriteRetries,
    queued.last as SessionRecord<D> | "gone" | undefined,
  );
  if (outcome.gone) {
    if (outcome.gone === "gone") queued.last = "gone";
    return outcome.gone;
  }
  const written = outcome.written;
  queued.last = written as SessionRecord;
  for (const { state, snapshot } of updates) {
    if (last !== snapshot) adoptWritten(state, last);
    Object.assign(state, {
      version: written.version,
      createdAt: written.createdAt,
      lastActiveAt: written.lastActiveAt,
      expiresAt: written.expiresAt,
      base: baseAfterWrite(state, written, last.dataJson),
    });
  }
  return "live";
}
