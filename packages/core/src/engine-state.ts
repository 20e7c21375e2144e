import { observedDevice } from "./device-meta.js";
import type { SessionInput } from "./io.js";
import type { ResolvedSessionOptions } from "./options.js";
import { nextExpiry } from "./record.js";
import type { SessionState } from "./session.js";
import { baseOf } from "./snapshot.js";
import { storeKeyFor } from "./token.js";
import type { SessionMeta, SessionRecord } from "./types.js";

/** The state of a new, unsaved session under `token`: a client-chosen token is never adopted. */
export function freshState<D>(
  options: ResolvedSessionOptions,
  input: SessionInput,
  token: string,
  client: SessionState<D>["client"],
): SessionState<D> {
  const data = {} as D;
  const now = options.clock.now();
  const meta: SessionMeta = observedDevice(input);
  const tenantId = options.tenant?.(input);
  if (typeof tenantId === "string" && tenantId !== "") meta.tenantId = tenantId;
  return {
    token,
    id: storeKeyFor(token),
    isNew: true,
    stored: false,
    client,
    rotated: false,
    version: 0,
    createdAt: now,
    lastActiveAt: now,
    expiresAt: nextExpiry(options, now, now, meta),
    userId: null,
    meta,
    data,
    base: baseOf(data, null, meta),
    regenerate: null,
    destroy: false,
    touchRequested: false,
    headers: new Map(),
    input,
  };
}

/** The state of a session backed by `record`, loaded with the client's verified token. */
export function loadedState<D>(
  input: SessionInput,
  token: string,
  rotated: boolean,
  record: SessionRecord<D>,
): SessionState<D> {
  const meta = record.meta ?? {};
  return {
    token,
    id: record.id,
    isNew: false,
    stored: true,
    client: "live",
    rotated,
    version: record.version,
    createdAt: record.createdAt,
    lastActiveAt: record.lastActiveAt,
    expiresAt: record.expiresAt,
    userId: record.userId,
    meta,
    data: record.data,
    base: baseOf(record.data, record.userId, meta),
    regenerate: null,
    destroy: false,
    touchRequested: false,
    headers: new Map(),
    input,
  };
}

/** The record as this request loaded (or last wrote) it: the compare-and-set's expectation. */
export function loadedRecordOf<D>(state: SessionState<D>): SessionRecord<D> {
  return {
    id: state.id,
    userId: state.base.userId,
    data: state.base.data,
    createdAt: state.createdAt,
    lastActiveAt: state.lastActiveAt,
    expiresAt: state.expiresAt,
    meta: state.base.meta,
    version: state.version,
  };
}

export function assignToken<D>(state: SessionState<D>, token: string): void {
  state.token = token;
  state.id = storeKeyFor(token);
}

/**
 * The session was destroyed, expired or replaced by someone else while this request ran: its
 * changes are dropped, never written back, and the request carries on with a fresh anonymous
 * session under a new token.
 */
export function resetToFresh<D>(
  options: ResolvedSessionOptions,
  state: SessionState<D>,
  token: string,
  client: "dead" | "replaced",
): void {
  const now = options.clock.now();
  assignToken(state, token);
  const data = {} as D;
  Object.assign(state, {
    stored: false,
    client,
    version: 0,
    createdAt: now,
    lastActiveAt: now,
    expiresAt: nextExpiry(options, now, now, state.meta),
    userId: null,
    data,
    base: baseOf(data, null, state.meta),
    regenerate: null,
  });
}
