import createDebug from "debug";

/**
 * What happened to a session, for audit logs and hooks. `id` is always the store handle (the
 * hash), never the token, so events are safe to log.
 */
export type SessionEvent =
  | { type: "created"; id: string; userId: string | null }
  | { type: "regenerated"; id: string; previousId: string; userId: string | null }
  | { type: "destroyed"; id: string; userId: string | null }
  | { type: "revoked"; id: string | null; userId: string | null; count: number }
  | { type: "expired"; id: string; userId: string | null }
  /** The client sent a token that is malformed or not signed by any secret. */
  | { type: "invalid-token" }
  /** The client sent a validly signed token the store does not know (or it expired there). */
  | { type: "unknown-token"; id: string }
  /** A write found the session gone (destroyed concurrently): its changes were dropped. */
  | { type: "lost"; id: string };

export type SessionEventType = SessionEvent["type"];

/** `DEBUG=sessionkit:*` shows decisions. Only store handles are printed, never tokens or secrets. */
export const debug: createDebug.Debugger = createDebug("sessionkit:session");

export function emit(onEvent: ((event: SessionEvent) => void) | undefined, event: SessionEvent) {
  debug("event %s %s", event.type, "id" in event ? event.id : "");
  if (!onEvent) return;
  try {
    onEvent(event);
  } catch (error) {
    // An audit hook must not break a request; the failure stays visible under DEBUG.
    debug("onEvent threw %O", error);
  }
}
