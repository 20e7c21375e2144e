import { type CasOutcome, casWrite } from "./cas-write.js";
import type { QueueEntry } from "./commit-queue.js";
import { reapplyChangedKeys, replaceContents } from "./data-merge.js";
import type { EngineContext } from "./engine-context.js";
import { loadedRecordOf } from "./engine-state.js";
import { nextExpiry, type RecordStatus } from "./record.js";
import type { SessionState } from "./session.js";
import { baseOf, type Mutation, type Snapshot } from "./snapshot.js";
import type { SessionMeta, SessionRecord } from "./types.js";

/** What this request changed relative to what it loaded, for re-applying onto fresh records. */
export interface Changes<D> {
  /** The data to re-apply key by key (for `mutate`: before its function ran). */
  data: D;
  userId: string | null;
  meta: SessionMeta;
  userChanged: boolean;
  metaChanged: boolean;
}

export function changesOf<D>(
  state: SessionState<D>,
  snapshot: Snapshot<D>,
  mutation: Mutation<D> | undefined,
): Changes<D> {
  return {
    data: mutation ? mutation.before : snapshot.data,
    userId: snapshot.userId,
    meta: snapshot.meta,
    userChanged: snapshot.userId !== state.base.userId,
    metaChanged: JSON.stringify(snapshot.meta) !== JSON.stringify(state.base.meta),
  };
}

/** This request's changes re-applied onto `current`, a record a concurrent writer stored. */
export function mergeOnto<D>(
  current: SessionRecord<D>,
  freshData: D,
  base: D,
  changes: Changes<D>,
  mutation: Mutation<D> | undefined,
): Snapshot<D> {
  const data = reapplyChangedKeys(freshData as object, base as object, changes.data as object) as D;
  if (mutation) mutation.fn(data);
  return {
    data,
    userId: changes.userChanged ? changes.userId : current.userId,
    meta: changes.metaChanged ? changes.meta : current.meta,
  };
}

/**
 * Shows this request the record it wrote, in place, so code holding `session.data` or
 * `session.meta` sees a concurrent writer's merged keys too.
 */
export function adoptWritten<D>(state: SessionState<D>, written: Snapshot<D>): void {
  replaceContents(state.data as object, written.data as object);
  replaceContents(state.meta, written.meta);
  state.userId = written.userId;
}

/** Compare-and-set of this request's changes on the loaded version; merges on conflict. */
export async function updateRecord<D>(
  context: EngineContext<D>,
  queued: QueueEntry,
  state: SessionState<D>,
  now: number,
  snapshot: Snapshot<D>,
  mutation?: Mutation<D>,
): Promise<RecordStatus> {
  const { options, store } = context;
  const base = state.base;
  const changes = changesOf(state, snapshot, mutation);
  const outcome: CasOutcome<D> = await casWrite(
    store,
    loadedRecordOf(state),
    (current, attempt) => {
      const next =
        attempt === 0 ? snapshot : mergeOnto(current, current.data, base.data, changes, mutation);
      return {
        id: current.id,
        userId: next.userId,
        data: next.data,
        createdAt: current.createdAt,
        lastActiveAt: now,
        expiresAt: nextExpiry(options, current.createdAt, now, next.meta),
        meta: next.meta,
        version: current.version + 1,
      };
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
  if (written.data !== snapshot.data) adoptWritten(state, written);
  Object.assign(state, {
    version: written.version,
    createdAt: written.createdAt,
    lastActiveAt: written.lastActiveAt,
    expiresAt: written.expiresAt,
    base: baseOf(written.data, written.userId, written.meta),
  });
  return "live";
}
