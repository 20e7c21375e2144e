/**
 * Every case of the lifecycle suite (the docs/lifecycle.md rules that need no HTTP), driven through
 * `createSessionManager` with an injected clock and a recording wrapper around the store.
 */
export const LIFECYCLE_TEST_IDS = {
  "lifecycle/lazy-no-store-call": "a request without a token costs no store call and sends nothing",
  "lifecycle/write-creates-session": "a modified new session is written once and issues a token",
  "lifecycle/store-never-sees-token":
    "the store key is the token's hash; the token is stored nowhere",
  "lifecycle/valid-token-one-read": "a validly signed token costs exactly one store read",
  "lifecycle/bad-signature-no-store-call": "a tampered or unsigned token costs no store call",
  "lifecycle/unknown-token-not-adopted":
    "an unknown token yields a fresh session under a new token",
  "lifecycle/unmodified-no-write": "an unmodified load inside the touch window makes zero writes",
  "lifecycle/rolling-once-per-window":
    "rolling extends the session at most once per touchAfter window",
  "lifecycle/idle-timeout": "a session idle longer than idleTimeout is gone",
  "lifecycle/absolute-timeout": "absoluteTimeout ends a session that stayed active",
  "lifecycle/regenerate-kills-old-token":
    "regenerate issues a new token and the old one stops working",
  "lifecycle/regenerate-drops-data":
    "regenerate({ keep: false }) drops the data, a key list keeps those keys",
  "lifecycle/sign-in-regenerates": "binding a user regenerates and lists the session for the user",
  "lifecycle/destroy-clears": "destroy deletes the record and clears the token",
  "lifecycle/no-resurrection-after-save":
    "a slower request's save after a logout does not resurrect",
  "lifecycle/no-resurrection-after-touch":
    "a slower request's touch after a logout does not resurrect",
  "lifecycle/regenerate-after-logout-stays-anonymous":
    "a request that loaded before a logout and signs in after it stays anonymous",
  "lifecycle/regenerate-after-revoke-all":
    "a stolen token loaded before revokeAll cannot regenerate into a live session after it",
  "lifecycle/regenerate-keeps-concurrent-write":
    "a write to the old record during a sign-in carries over to the new session",
  "lifecycle/regenerated-token-not-cleared":
    "requests holding a token a regeneration replaced neither clear the new cookie nor store",
  "lifecycle/proto-key-stays-data":
    "a __proto__ key in data stays an own key through a conflict merge, writes and keep lists",
  "lifecycle/concurrent-keys-merge": "two requests changing different keys both keep their change",
  "lifecycle/concurrent-mutate": "50 concurrent mutate appends leave 50 entries",
  "lifecycle/concurrent-writes-together":
    "10 concurrent commits to one session in one process: one store write, every key kept",
  "lifecycle/failed-handler-persists-nothing": "a failed handler persists nothing",
  "lifecycle/rotated-secret-reissues":
    "a token signed with an older secret is accepted and re-issued",
  "lifecycle/manager-create-get": "the manager creates a session for a user and reads it by token",
  "lifecycle/manager-update": "the manager updates data by compare-and-set",
  "lifecycle/manager-revoke": "revoke by handle ends exactly that session",
  "lifecycle/manager-revoke-all-except": "revokeAll ends a user's sessions except the current one",
  "lifecycle/manager-cleanup": "cleanup removes expired sessions and keeps live ones",
} as const;

export type LifecycleTestId = keyof typeof LIFECYCLE_TEST_IDS;
