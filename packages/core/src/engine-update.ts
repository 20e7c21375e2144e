import { type CasOutcome, casWrite } from "./cas-write.js";
import type { QueueEntry } from "./commit-queue.js";
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
  // Worked out on the first conflict only: an uncontended write parses nothing.
  let edits: Edits<D> | undefined;
  let next = snapshot;
  const outcome: CasOutcome<D> = await casWrite(
    store,
    loadedRecordOf(state),
    (current, attempt) => {
      if (attempt > 0) {
        edits ??= editsOf(state, snapshot, mutation);
        next = mergeOnto(current, current.data, edits, mutation);
      }
      assertSessionSize(options, next);
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
  if (next !== snapshot) adoptWritten(state, next);
  Object.assign(state, {
    version: written.version,
    createdAt: written.createdAt,
    lastActiveAt: written.lastActiveAt,
    expiresAt: written.expiresAt,
    base: baseAfterWrite(state, written, next.dataJson),
  });
  return "live";
}
