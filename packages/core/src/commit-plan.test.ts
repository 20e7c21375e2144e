import { describe, expect, it } from "vitest";
import { type CommitPlan, type CommitPolicy, type CommitState, planCommit } from "./commit-plan.js";

const base: CommitState = {
  failed: false,
  isNew: false,
  presentedToken: true,
  modified: false,
  regenerate: false,
  destroy: false,
  touchRequested: false,
  rotated: false,
  now: 10_000,
  lastActiveAt: 10_000,
};
const policy: CommitPolicy = {
  saveUninitialized: false,
  rolling: true,
  touchAfter: 1_000,
  expiryTravelsWithToken: true,
};

type Row = [
  title: string,
  state: Partial<CommitState>,
  policy: Partial<CommitPolicy>,
  /** `newToken` and `restartLifetime` are false unless given. */
  plan: Omit<CommitPlan, "newToken" | "restartLifetime"> & Partial<CommitPlan>,
];

const rows: Row[] = [
  [
    "failed handler persists nothing",
    { failed: true, modified: true, destroy: true },
    {},
    { store: "none", token: "none", reason: "handler-failed" },
  ],
  [
    "failed handler on a new session",
    { failed: true, isNew: true, modified: true },
    {},
    { store: "none", token: "none", reason: "handler-failed" },
  ],
  [
    "destroy a stored session",
    { destroy: true, modified: true },
    {},
    { store: "destroy", token: "clear", reason: "destroyed" },
  ],
  [
    "destroy an unsaved session that came with a stale token",
    { destroy: true, isNew: true },
    {},
    { store: "none", token: "clear", reason: "destroyed-unsaved" },
  ],
  [
    "destroy an unsaved session of a tokenless visitor",
    { destroy: true, isNew: true, presentedToken: false },
    {},
    { store: "none", token: "none", reason: "destroyed-unsaved" },
  ],
  [
    "new and untouched: lazy",
    { isNew: true, presentedToken: false },
    {},
    { store: "none", token: "none", reason: "uninitialized" },
  ],
  [
    "new and untouched with a stale token: still nothing",
    { isNew: true },
    {},
    { store: "none", token: "none", reason: "uninitialized" },
  ],
  [
    "new and untouched with saveUninitialized",
    { isNew: true },
    { saveUninitialized: true },
    { store: "create", token: "issue", reason: "created" },
  ],
  [
    "new and modified",
    { isNew: true, modified: true },
    {},
    { store: "create", token: "issue", reason: "created" },
  ],
  [
    "never-stored session, modified and regenerated: a create under a token never sent",
    { isNew: true, modified: true, regenerate: true },
    {},
    { store: "create", token: "issue", reason: "created", newToken: true },
  ],
  [
    "regenerate a stored session: new token, the lifetime carries on",
    { regenerate: true },
    {},
    { store: "regenerate", token: "issue", reason: "regenerated", newToken: true },
  ],
  [
    "sign-in (regenerate with a user change) restarts the absolute lifetime",
    { regenerate: true, signIn: true, modified: true },
    {},
    {
      store: "regenerate",
      token: "issue",
      reason: "regenerated",
      newToken: true,
      restartLifetime: true,
    },
  ],
  [
    "dead token (bad signature, unknown, expired, revoked), untouched: cleared, no store call",
    { isNew: true, deadToken: true },
    {},
    { store: "none", token: "clear", reason: "dead-token" },
  ],
  [
    "dead token, session modified: a create whose cookie replaces the dead one",
    { isNew: true, deadToken: true, modified: true },
    {},
    { store: "create", token: "issue", reason: "created" },
  ],
  [
    "dead token, destroy(): cleared",
    { isNew: true, deadToken: true, destroy: true },
    {},
    { store: "none", token: "clear", reason: "destroyed-unsaved" },
  ],
  [
    "token replaced by a concurrent regeneration: nothing stored, the client's cookie left alone",
    { isNew: true, replaced: true, modified: true },
    { saveUninitialized: true },
    { store: "none", token: "none", reason: "replaced" },
  ],
  [
    "replaced token and destroy(): still leaves the client's new cookie alone",
    { isNew: true, replaced: true, destroy: true },
    {},
    { store: "none", token: "none", reason: "replaced" },
  ],
  [
    "the write found the session destroyed mid-request: nothing written, token cleared",
    { modified: true, lost: "gone" },
    {},
    { store: "none", token: "clear", reason: "lost" },
  ],
  [
    "the touch found the session destroyed mid-request: nothing written, token cleared",
    { now: 11_000, lost: "gone" },
    {},
    { store: "none", token: "clear", reason: "lost" },
  ],
  [
    "the regeneration found the session replaced mid-request: the client's cookie left alone",
    { regenerate: true, signIn: true, lost: "replaced" },
    {},
    { store: "none", token: "none", reason: "replaced" },
  ],
  [
    "new device facts alone cause no write",
    { deviceChanged: true, now: 10_500 },
    {},
    { store: "none", token: "none", reason: "unchanged" },
  ],
  [
    "new device facts turn a due rolling touch into an update (one store call all the same)",
    { deviceChanged: true, now: 11_000 },
    {},
    { store: "update", token: "issue", reason: "rolling" },
  ],
  [
    "new device facts turn touch() into an update",
    { deviceChanged: true, touchRequested: true },
    {},
    { store: "update", token: "issue", reason: "touch-requested" },
  ],
  [
    "the request failed: nothing, even with a dead token",
    { failed: true, isNew: true, deadToken: true },
    {},
    { store: "none", token: "none", reason: "handler-failed" },
  ],
  [
    "modified inside the window",
    { modified: true, now: 10_001 },
    {},
    { store: "update", token: "issue", reason: "modified" },
  ],
  [
    "modified, session cookie (no expiry in it)",
    { modified: true },
    { expiryTravelsWithToken: false },
    { store: "update", token: "none", reason: "modified" },
  ],
  [
    "modified, not rolling",
    { modified: true },
    { rolling: false },
    { store: "update", token: "issue", reason: "modified" },
  ],
  [
    "unmodified inside the window",
    { now: 10_999 },
    {},
    { store: "none", token: "none", reason: "unchanged" },
  ],
  [
    "unmodified at the window's end: rolling touch",
    { now: 11_000 },
    {},
    { store: "touch", token: "issue", reason: "rolling" },
  ],
  [
    "unmodified after the window, not rolling",
    { now: 50_000 },
    { rolling: false },
    { store: "none", token: "none", reason: "unchanged" },
  ],
  [
    "rolling touch with a header transport",
    { now: 11_000 },
    { expiryTravelsWithToken: false },
    { store: "touch", token: "none", reason: "rolling" },
  ],
  [
    "touch() inside the window",
    { touchRequested: true },
    {},
    { store: "touch", token: "issue", reason: "touch-requested" },
  ],
  [
    "touch() without rolling",
    { touchRequested: true },
    { rolling: false },
    { store: "touch", token: "issue", reason: "touch-requested" },
  ],
  [
    "old-key token, unmodified: re-issue only",
    { rotated: true },
    {},
    { store: "none", token: "issue", reason: "rotated-secret" },
  ],
  [
    "old-key token, session cookie, modified: still re-issued",
    { rotated: true, modified: true },
    { expiryTravelsWithToken: false },
    { store: "update", token: "issue", reason: "modified" },
  ],
  [
    "old-key token, rolling touch, header transport: re-issued",
    { rotated: true, now: 11_000 },
    { expiryTravelsWithToken: false },
    { store: "touch", token: "issue", reason: "rolling" },
  ],
  [
    "destroy wins over regenerate and modification",
    { destroy: true, regenerate: true, modified: true },
    {},
    { store: "destroy", token: "clear", reason: "destroyed" },
  ],
  [
    "regenerate wins over touch",
    { regenerate: true, touchRequested: true, now: 50_000 },
    {},
    { store: "regenerate", token: "issue", reason: "regenerated", newToken: true },
  ],
];

describe("planCommit", () => {
  it.each(rows)("%s", (_title, state, overrides, expected) => {
    expect(planCommit({ ...base, ...state }, { ...policy, ...overrides })).toEqual({
      newToken: false,
      restartLifetime: false,
      ...expected,
    });
  });
});
