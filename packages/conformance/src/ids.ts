/**
 * Every case of the store suite, keyed by its id, with the title the report shows after it
 * (`store/crud-round-trip: set then get returns …`). Skips are keyed by these ids, so a typo in
 * `skip` is a type error, and a case renamed here is renamed everywhere.
 */
export const STORE_TEST_IDS = {
  "store/crud-round-trip":
    "set then get returns an equal record, every field, numbers still numbers",
  "store/crud-get-unknown": "get of an id never written resolves null",
  "store/crud-update-replaces": "an update replaces the whole record: removed keys stay removed",
  "store/crud-ids-independent": "writing one id leaves the record of another id unchanged",
  "store/crud-ids-case-sensitive": "ids that differ only in letter case are different records",

  "store/expiry-past-deadline-get-null": "a record written with a past deadline reads as null",
  "store/expiry-past-deadline-touch-false":
    "touch on a record past its deadline resolves false and does not revive it",
  "store/expiry-past-deadline-not-listed": "a record past its deadline is not listed for its user",
  "store/expiry-future-deadline-live": "a record whose deadline is a minute away reads back",
  "store/expiry-far-future": "timestamps after 2038 round-trip exactly",

  "store/cas-create-on-empty": "set with null creates the record when the id is free",
  "store/cas-create-over-live-fails":
    "set with null fails and changes nothing when a live record exists",
  "store/cas-create-over-expired": "set with null replaces an expired record",
  "store/cas-update-right-version": "set with the stored version writes the new record",
  "store/cas-update-wrong-version":
    "set with a lower or higher version fails and leaves the record unchanged",
  "store/cas-update-missing": "set with a version on an unknown id fails and creates nothing",
  "store/cas-update-destroyed":
    "set with a version after destroy fails and never recreates the record",
  "store/cas-update-expired": "set with a version on an expired record fails",
  "store/cas-stale-writer": "after an update, a writer holding the older version fails",

  "store/concurrency-single-winner":
    "100 concurrent updates from one version: exactly one wins, and it is the one stored",
  "store/concurrency-create-race":
    "100 concurrent creates of one id: exactly one wins, and it is the one stored",
  "store/concurrency-retries-all-land":
    "100 concurrent writers retrying on conflict all land: none lost, final version 101",
  "store/concurrency-distinct-ids": "50 parallel writes to distinct ids are all readable",
  "store/concurrency-destroy-wins": "an update racing a destroy never leaves a record behind",
  "store/concurrency-touch-keeps-update": "a touch racing an update never undoes the update",

  "store/touch-extends":
    "touch moves expiresAt and lastActiveAt and leaves data, version and the rest alone",
  "store/touch-missing": "touch on an unknown id resolves false and creates nothing",
  "store/touch-after-destroy": "touch after destroy resolves false and never recreates the record",
  "store/touch-keeps-version":
    "touch leaves the version alone: an update with the version read before still succeeds",
  "store/touch-reorders-list": "a touched session moves to the front of its user's list",

  "store/destroy-removes": "destroy removes the record",
  "store/destroy-twice": "destroying the same record twice resolves both times",
  "store/destroy-unknown": "destroying an id never written resolves",
  "store/destroy-only-target": "destroy leaves every other record in place",

  "store/list-by-user-live-only":
    "listByUser returns the user's live sessions only: not other users', not expired, not anonymous",
  "store/list-by-user-newest-first": "listByUser orders sessions by lastActiveAt, newest first",
  "store/list-by-user-unknown": "listByUser of a user without sessions resolves []",
  "store/list-by-user-full-records":
    "listed sessions are complete records, equal to what get returns",
  "store/list-by-user-follows-user-change":
    "listByUser follows userId changes: anonymous to u1, then u1 to u2",
  "store/list-by-user-after-destroy": "a destroyed session is no longer listed",
  "store/user-ids-exact":
    "a user id matches only itself: not with trailing or leading spaces, not in another case",
  "store/destroy-by-user-all":
    "destroyByUser deletes all of the user's sessions and returns the count",
  "store/destroy-by-user-except": "destroyByUser with exceptId keeps that one session",
  "store/destroy-by-user-others-untouched": "destroyByUser leaves other users' sessions alone",
  "store/destroy-by-user-unknown": "destroyByUser of a user without sessions resolves 0",
  "store/destroy-by-user-counts-live": "destroyByUser counts live sessions only, not expired ones",
  "store/destroy-by-user-follows-user-change":
    "destroyByUser of a session's former user leaves it in place",

  "store/cleanup-removes-expired":
    "cleanup removes the expired records, returns exactly their count, and keeps live ones",
  "store/cleanup-empty": "cleanup on an empty store resolves 0",
  "store/cleanup-repeat": "a second cleanup right after the first resolves 0",
  "store/cleanup-user-index": "after cleanup the user index holds no expired sessions",

  "store/values-falsy": "false, 0, null, empty string, empty array and empty object round-trip",
  "store/values-nested": "deeply nested objects and arrays round-trip",
  "store/values-numbers":
    "integers, negatives, fractions and the largest safe integer round-trip as numbers",
  "store/values-unicode": "accented letters, CJK, emoji with modifiers and joiners round-trip",
  "store/values-quotes": "single and double quotes in keys and values round-trip",
  "store/values-backslashes": "backslashes, newlines, tabs and escape-like text round-trip",
  "store/values-dot-dollar-keys": "keys containing '.' and '$' round-trip at any depth",
  "store/values-large": "a 1 MB payload round-trips exactly",
  "store/values-meta": "meta round-trips: full, partial and empty",

  "store/non-string-ids-rejected":
    "get, set, touch and destroy refuse an id that is not a string with a TypeError, touching nothing",
  "store/non-string-user-ids-rejected":
    "listByUser and destroyByUser refuse a user id that is not a string ({ $ne: … }, arrays, numbers) with a TypeError",
  "store/empty-or-long-ids-rejected":
    "get, set, touch and destroy refuse an empty id or one longer than MAX_STORE_ID_LENGTH with a TypeError, touching nothing",
  "store/empty-or-long-user-ids-rejected":
    "listByUser and destroyByUser refuse an empty or over-long user id with a TypeError; a user id of exactly MAX_STORE_ID_LENGTH is kept and found",
  "store/isolation-get": "two namespaces never read each other's records",
  "store/isolation-same-id": "the same id in two namespaces holds two independent records",
  "store/isolation-destroy": "destroy in one namespace leaves the other's record",
  "store/isolation-list-by-user": "listByUser only lists the namespace's own sessions",
  "store/isolation-destroy-by-user": "destroyByUser only deletes in its own namespace",
  "store/isolation-cleanup": "cleanup only removes and counts its own namespace's records",

  "store/copies-after-set": "mutating a record after set does not change what is stored",
  "store/copies-from-get": "mutating a record returned by get does not change what is stored",
  "store/copies-from-list": "mutating a listed record does not change what is stored",

  "store/failure-get": "a failing database makes get reject with a SessionStoreError",
  "store/failure-set": "a failing database makes set reject with a SessionStoreError",
  "store/failure-touch": "a failing database makes touch reject with a SessionStoreError",
  "store/failure-destroy": "a failing database makes destroy reject with a SessionStoreError",
  "store/failure-list-by-user":
    "a failing database makes listByUser reject with a SessionStoreError",
  "store/failure-destroy-by-user":
    "a failing database makes destroyByUser reject with a SessionStoreError",
  "store/failure-cleanup": "a failing database makes cleanup reject with a SessionStoreError",

  "store/close-twice": "close resolves when called twice",
} as const;

/** The id of one store conformance case, e.g. `"store/crud-round-trip"`. */
export type StoreTestId = keyof typeof STORE_TEST_IDS;
