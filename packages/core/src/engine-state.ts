import type { SessionInput } from "./io.js";
import type { ResolvedSessionOptions } from "./options.js";
import { nextExpiry } from "./record.js";
import type { PendingSession, SessionState } from "./session.js";
import { baseOf } from "./snapshot.js";
import { storeKeyFor } from "./token.js";
import type { SessionMeta, SessionRecord } from "./types.js";

/**
 * The state of a new, unsaved session. Its token is drawn only when one is needed (its id is
 * read, or it is written): a client-chosen token is never adopted, and a visitor whose session
 * is read but never written costs no random draw and no hash.
 */
export function freshState<D>(
  options: ResolvedSessionOptions,
  input: SessionInput,
  client: SessionState<D>["client"],
): SessionState<D> {
  const data = {} as D;
  const now = options.clock.now();
  // Device facts are recorded when the session is first stored (`recordDevice`).
  const meta: SessionMeta = {};
  const tenantId = options.tenant?.(input);
  if (typeof tenantId === "string" && tenantId !== "") meta.tenantId = tenantId;
  return {
    token: "",
    id: "",
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
    // An empty object: nothing to serialise lazily.
    base: baseOf("{}", null, meta),
    regenerate: null,
    destroy: false,
    touchRequested: false,
    headers: new Map(),
    input,
  };
}

/** A fresh session whose state is built on first use (see `PendingSession`). */
export function pendingFresh<D>(
  options: ResolvedSessionOptions,
  input: SessionInput,
  client: PendingSession<D>["client"],
): PendingSession<D> {
  return { client, input, build: () => freshState<D>(options, input, client) };
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
    base: baseOf(null, record.userId, meta),
    regenerate: null,
    destroy: false,
    touchRequested: false,
    headers: new Map(),
    input,
  };
}

/**
 * The record as this request loaded (or last wrote) it: the compare-and-set's expectation. Only
 * its id, version and timestamps are read before a conflict brings the stored record back, so
 * the data is left out rather than parsed for nothing.
 */
export function loadedRecordOf<D>(state: SessionState<D>): SessionRecord<D> {
  return {
    id: state.id,
    userId: state.base.userId,
    data: {} as D,
    createdAt: state.createdAt,
    lastActiveAt: state.lastActiveAt,
    expiresAt: state.expiresAt,
    meta: {},
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
 * session (under a new token, drawn if it is ever written).
 */
export function resetToFresh<D>(
  options: ResolvedSessionOptions,
  state: SessionState<D>,
  client: "dead" | "replaced",
): void {
  const now = options.clock.now();
  Object.assign(state, {
    token: "",
    id: "",
    stored: false,
    client,
    version: 0,
    createdAt: now,
    lastActiveAt: now,
    expiresAt: nextExpiry(options, now, now, state.meta),
    userId: null,
    data: {} as D,
    base: baseOf("{}", null, state.meta),
    regenerate: null,
  });
}
