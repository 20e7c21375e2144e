/**
 * The whole save policy as one pure function: given what happened to a session during a
 * request, decide the store operation and what the client's token (cookie or header) needs.
 * Bindings never branch on options; the manager executes whatever this returns.
 */

export interface CommitState {
  /** The handler failed (threw, `next(err)`): nothing it did to the session persists. */
  failed: boolean;
  /** No stored record backs this session yet. */
  isNew: boolean;
  /** The client presented a token (even an invalid one). */
  presentedToken: boolean;
  /** Data, user or meta differ from what was last persisted. */
  modified: boolean;
  regenerate: boolean;
  destroy: boolean;
  /** `session.touch()` was called. */
  touchRequested: boolean;
  /** The token verified under an older secret and should be re-issued under the newest. */
  rotated: boolean;
  /** Epoch ms. */
  now: number;
  /** When the stored record was last extended or written. */
  lastActiveAt: number;
}

export interface CommitPolicy {
  saveUninitialized: boolean;
  rolling: boolean;
  touchAfter: number;
  /** The token travels with its expiry (a persistent cookie), so extending it means re-sending it. */
  expiryTravelsWithToken: boolean;
}

export type StoreAction = "none" | "create" | "update" | "touch" | "destroy" | "regenerate";
export type TokenAction = "none" | "issue" | "clear";

export type CommitReason =
  | "handler-failed"
  | "destroyed"
  | "destroyed-unsaved"
  | "regenerated"
  | "created"
  | "uninitialized"
  | "modified"
  | "rolling"
  | "touch-requested"
  | "rotated-secret"
  | "unchanged";

export interface CommitPlan {
  store: StoreAction;
  token: TokenAction;
  reason: CommitReason;
}

export function planCommit(state: CommitState, policy: CommitPolicy): CommitPlan {
  if (state.failed) return { store: "none", token: "none", reason: "handler-failed" };

  if (state.destroy) {
    if (state.isNew) {
      const token = state.presentedToken ? "clear" : "none";
      return { store: "none", token, reason: "destroyed-unsaved" };
    }
    return { store: "destroy", token: "clear", reason: "destroyed" };
  }

  if (state.isNew) {
    if (state.modified || policy.saveUninitialized) {
      return { store: "create", token: "issue", reason: "created" };
    }
    return { store: "none", token: "none", reason: "uninitialized" };
  }

  if (state.regenerate) return { store: "regenerate", token: "issue", reason: "regenerated" };

  const extendToken = policy.expiryTravelsWithToken ? "issue" : "none";
  if (state.modified) {
    return { store: "update", token: pending(state, extendToken), reason: "modified" };
  }
  if (state.touchRequested) {
    return { store: "touch", token: pending(state, extendToken), reason: "touch-requested" };
  }
  if (policy.rolling && state.now - state.lastActiveAt >= policy.touchAfter) {
    return { store: "touch", token: pending(state, extendToken), reason: "rolling" };
  }
  if (state.rotated) return { store: "none", token: "issue", reason: "rotated-secret" };
  return { store: "none", token: "none", reason: "unchanged" };
}

function pending(state: CommitState, action: TokenAction): TokenAction {
  return state.rotated ? "issue" : action;
}
