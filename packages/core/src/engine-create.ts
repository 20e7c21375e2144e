import type { EngineContext } from "./engine-context.js";
import { baseAfterWrite } from "./engine-update.js";
import { SessionStateError } from "./errors.js";
import { nextExpiry } from "./record.js";
import type { SessionState } from "./session.js";
import type { Snapshot } from "./snapshot.js";
import type { SessionRecord } from "./types.js";

/** Writes `snapshot` as a new record (version 1) under the state's token. */
export async function createRecord<D>(
  { options, store }: EngineContext<D>,
  state: SessionState<D>,
  now: number,
  createdAt: number,
  snapshot: Snapshot<D>,
): Promise<void> {
  const record: SessionRecord<D> = {
    id: state.id,
    userId: snapshot.userId,
    data: snapshot.data,
    createdAt,
    lastActiveAt: now,
    expiresAt: nextExpiry(options, createdAt, now, snapshot.meta),
    meta: snapshot.meta,
    version: 1,
  };
  if (!(await store.set(record as SessionRecord, null))) {
    // Only a broken token generator gets here: 256 random bits do not collide.
    throw new SessionStateError("A newly generated session token is already in use.");
  }
  Object.assign(state, {
    stored: true,
    client: "live",
    version: 1,
    createdAt,
    lastActiveAt: now,
    expiresAt: record.expiresAt,
    base: baseAfterWrite(state, snapshot, snapshot.dataJson),
  });
}
