import type { CommitPolicy, CommitState } from "./commit-plan.js";
import { deviceDiffers } from "./device-meta.js";
import type { ResolvedSessionOptions } from "./options.js";
import type { PendingSession, SessionState } from "./session.js";
import { persistentCookieOf } from "./session-lifetime.js";
import type { Changes } from "./snapshot.js";
import type { SessionMeta } from "./types.js";

/** What happened to a session during the request, as `planCommit` reads it. */
export function factsOf<D>(
  state: SessionState<D>,
  changes: Changes<D>,
  how: { failed: boolean; forced: boolean },
  now: number,
): CommitState {
  return {
    failed: how.failed,
    isNew: !state.stored,
    presentedToken: state.client !== "none",
    deadToken: state.client === "dead",
    replaced: state.client === "replaced",
    modified: changes.modified || how.forced,
    regenerate: state.regenerate !== null,
    signIn: state.regenerate?.signIn === true,
    destroy: state.destroy,
    touchRequested: state.touchRequested,
    rotated: state.rotated,
    deviceChanged: state.stored && deviceDiffers(state.meta, state.input),
    now,
    lastActiveAt: state.lastActiveAt,
  };
}

/** The facts of a fresh session nobody used: nothing happened to it, by construction. */
export function untouchedFacts<D>(
  pending: PendingSession<D>,
  failed: boolean,
  now: number,
): CommitState {
  return {
    failed,
    isNew: true,
    presentedToken: pending.client !== "none",
    deadToken: pending.client === "dead",
    replaced: pending.client === "replaced",
    modified: false,
    regenerate: false,
    destroy: false,
    touchRequested: false,
    rotated: false,
    now,
    lastActiveAt: now,
  };
}

/** The options `planCommit` weighs, for a session with this meta. */
export function policyOf(options: ResolvedSessionOptions, meta?: SessionMeta): CommitPolicy {
  return {
    saveUninitialized: options.saveUninitialized,
    rolling: options.rolling,
    touchAfter: options.touchAfter,
    expiryTravelsWithToken:
      options.transport.kind === "cookie" && persistentCookieOf(options, meta),
  };
}
