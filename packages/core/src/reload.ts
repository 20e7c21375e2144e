import { replaceContents } from "./data-merge.js";
import { SessionStateError } from "./errors.js";
import type { SessionManager } from "./manager.js";
import { isLive } from "./record.js";
import { type Session, stateOf } from "./session.js";
import { baseData, baseOf, serializeData } from "./snapshot.js";
import { storeCall } from "./store-call.js";
import type { SessionRecord } from "./types.js";

/**
 * express-session's `reload()`: the session as the store has it now, discarding this request's
 * unsaved changes to data, user and meta. The data object is refilled in place, so code holding
 * `session.data` sees the reloaded values. A session that was never stored goes back to empty;
 * one that is gone from the store (destroyed, revoked, expired) rejects, as express-session does.
 */
export async function reloadSession<D>(
  manager: SessionManager<D>,
  session: Session<D>,
): Promise<void> {
  const state = stateOf(session);
  if (state.destroy) {
    throw new SessionStateError(
      "The session was destroyed in this request; it cannot be reloaded.",
    );
  }
  if (!state.stored) {
    // Data nobody reached for yet (`baseData` null) cannot have changed: nothing to restore.
    const data = baseData(state);
    if (data !== null) replaceContents(state.data as object, data as object);
    state.userId = state.base.userId;
    replaceContents(state.meta, JSON.parse(state.base.metaJson));
    return;
  }
  const store = manager.options.store;
  const name = store.name ?? "store";
  const record = (await storeCall(name, "get", () =>
    store.get(state.id),
  )) as SessionRecord<D> | null;
  if (!record || !isLive(manager.options, record as SessionRecord, manager.options.clock.now())) {
    throw new SessionStateError("The session is no longer in the store; it cannot be reloaded.");
  }
  replaceContents(state.data as object, record.data as object);
  replaceContents(state.meta, record.meta ?? {});
  Object.assign(state, {
    userId: record.userId,
    version: record.version,
    createdAt: record.createdAt,
    lastActiveAt: record.lastActiveAt,
    expiresAt: record.expiresAt,
    base: baseOf(
      state.base.dataJson === null ? null : serializeData(record.data),
      record.userId,
      record.meta ?? {},
    ),
  });
}
