import { loadedState, pendingFresh } from "./engine-state.js";
import { emit } from "./events.js";
import type { GuardedStore } from "./guarded-store.js";
import type { SessionInput } from "./io.js";
import type { ResolvedSessionOptions } from "./options.js";
import { statusOf } from "./record.js";
import type { PendingSession, SessionState } from "./session.js";
import type { TokenSigner } from "./signer.js";
import { storeKeyFor } from "./token.js";
import { readPresentedToken } from "./transport.js";
import type { SessionRecord } from "./types.js";

/**
 * The session a request's token refers to: one store read for a well-signed token, none (and
 * no promise: answered synchronously) for a missing or badly signed one. Anything that does not
 * load a live session yields a pending fresh one (built on first use, under a new token), marked
 * so the reply can clear a dead token (or leave a replaced one be).
 */
export function loadState<D>(
  options: ResolvedSessionOptions,
  store: GuardedStore,
  signer: TokenSigner,
  input: SessionInput,
): PendingSession<D> | Promise<SessionState<D> | PendingSession<D>> {
  const presented = readPresentedToken(options, input);
  if (presented === undefined) return pendingFresh(options, input, "none");
  const verified = signer.verify(presented);
  if (!verified) {
    emit(options.onEvent, { type: "invalid-token" });
    return pendingFresh(options, input, "dead");
  }
  return readState(options, store, input, verified);
}

/** The store read for a well-signed token, and what it makes of the record. */
async function readState<D>(
  options: ResolvedSessionOptions,
  store: GuardedStore,
  input: SessionInput,
  verified: { token: string; rotated: boolean },
): Promise<SessionState<D> | PendingSession<D>> {
  const id = storeKeyFor(verified.token);
  const record = (await store.get(id)) as SessionRecord<D> | null;
  const status = statusOf(options, record as SessionRecord | null, options.clock.now());
  if (status === "live" && record)
    return loadedState(input, verified.token, verified.rotated, record);
  if (status === "replaced") return pendingFresh(options, input, "replaced");
  if (record) emit(options.onEvent, { type: "expired", id, userId: record.userId });
  else emit(options.onEvent, { type: "unknown-token", id });
  return pendingFresh(options, input, "dead");
}
