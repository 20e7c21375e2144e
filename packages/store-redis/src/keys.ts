/**
 * Where a store keeps what, under its prefix `P` (default `"sess:"`):
 *
 * - `P s:{bb}:<id>`: one session record, a hash (see `codec.ts`).
 * - `P expiry:{bb}`: the expiry ledger of bucket `bb`, a sorted set of record ids scored by
 *   `expiresAt`. `cleanup()` counts and clears it; it outlives the records, which Redis deletes
 *   itself at `expiresAt` (PEXPIREAT).
 * - `P user:<userId>`: the user index, a sorted set of record ids scored by `expiresAt`.
 *
 * `{bb}` is a Redis Cluster hash tag (https://redis.io/docs/reference/cluster-spec/#hash-tags):
 * a record and its ledger share one slot, so one script can write both atomically on any node.
 * 256 buckets spread the records over the cluster's masters and can be moved by resharding.
 * If the prefix itself holds a hash tag (`"{sess}:"`), the prefix's tag wins and every key of
 * the store lives in one slot.
 */
export interface KeyLayout {
  readonly prefix: string;
  record(id: string): string;
  ledger(id: string): string;
  /** Every ledger key, one per bucket. */
  ledgers(): string[];
  /** Each bucket's ledger key and what its records' keys start with (before the id). */
  buckets(): Array<{ ledger: string; recordPrefix: string }>;
  user(userId: string): string;
  /** What `user(userId)` puts before the user id, for scripts that derive index keys. */
  readonly userPrefix: string;
  /** True when every key of the store hashes to one cluster slot (the prefix has a tag). */
  readonly singleSlot: boolean;
}

const BUCKETS = 256;

export function createKeyLayout(prefix: string): KeyLayout {
  const userPrefix = `${prefix}user:`;
  // Each key's shape, written once.
  const recordPrefix = (bucket: string) => `${prefix}s:{${bucket}}:`;
  const ledgerOf = (bucket: string) => `${prefix}expiry:{${bucket}}`;
  return {
    prefix,
    userPrefix,
    singleSlot: hasHashTag(prefix),
    record: (id) => recordPrefix(bucketOf(id)) + id,
    ledger: (id) => ledgerOf(bucketOf(id)),
    ledgers: () => bucketNames().map(ledgerOf),
    buckets: () =>
      bucketNames().map((bucket) => ({
        ledger: ledgerOf(bucket),
        recordPrefix: recordPrefix(bucket),
      })),
    user: (userId) => `${userPrefix}${userId}`,
  };
}

function bucketNames(): string[] {
  return Array.from({ length: BUCKETS }, (_, n) => n.toString(16).padStart(2, "0"));
}

/** Two hex digits from the FNV-1a hash of the id: stable, cheap, even for any id shape. */
export function bucketOf(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash >>> 0) % BUCKETS).toString(16).padStart(2, "0");
}

/** Redis hashes only the part between the first `{` and the next `}`, when it is not empty. */
export function hasHashTag(key: string): boolean {
  const open = key.indexOf("{");
  if (open === -1) return false;
  const close = key.indexOf("}", open + 1);
  return close > open + 1;
}
