import {
  assertStoreId,
  SessionConfigError,
  type SessionRecord,
  type SessionStore,
  SessionStoreError,
  type StoreOperation,
  storeCall,
} from "@sessionkit/core";
import type { Cluster, Redis } from "ioredis";
import { decodeRecord, encodeRecord, expireAtArgument, RECORD_FIELDS } from "./codec.js";
import { createKeyLayout, type KeyLayout } from "./keys.js";
import type { RedisClient, RedisStoreOptions } from "./options.js";
import {
  CLEANUP_LEDGER,
  DESTROY_ATOMIC,
  DESTROY_OWNED,
  DESTROY_RECORD,
  INDEX_ADD,
  INDEX_READ,
  SET_ATOMIC,
  SET_RECORD,
  TOUCH_ATOMIC,
  TOUCH_RECORD,
} from "./scripts.js";

const STORE_NAME = "store-redis";
const DEFAULT_PREFIX = "sess:";
const DEFAULT_EXPIRED_RETENTION = 3_600_000;
const DEFAULT_RESCORE_AFTER = 300_000;
/** Ledger entries one cleanup script removes at most, so no script blocks Redis for long. */
const CLEANUP_BATCH = 1_000;

type ScriptReply = [number, (string | null)?];

/**
 * Session store on Redis through ioredis: standalone, Sentinel-configured or Cluster. Each
 * record is a hash that Redis expires itself at `expiresAt` (PEXPIREAT); writes are Lua
 * compare-and-set scripts. On standalone Redis every `get`, `set`, `touch` and `destroy` is
 * one round trip and fully atomic; on a Cluster the user index lives in another slot than the
 * record and is updated in a second single-slot step (see the package README).
 *
 * @example
 * const store = new RedisStore({ client: new Redis(process.env.REDIS_URL) });
 */
export class RedisStore implements SessionStore {
  readonly name: string = STORE_NAME;
  /** The key layout under the prefix, for operators and tests. */
  readonly keys: KeyLayout;
  readonly #client: RedisClient;
  readonly #now: () => number;
  readonly #retention: number;
  /** How far the ledger's and user indexes' scores may lag behind a deadline (`rescoreAfter`). */
  readonly #slack: number;
  /** One script may touch every key: standalone Redis, or a prefix with a hash tag. */
  readonly #atomic: boolean;
  #closed = false;

  /** @throws SessionConfigError when an option is missing or invalid. */
  constructor(options: RedisStoreOptions) {
    const { client, prefix = DEFAULT_PREFIX, now = Date.now } = options;
    const retention = options.expiredRetention ?? DEFAULT_EXPIRED_RETENTION;
    const slack = options.rescoreAfter ?? DEFAULT_RESCORE_AFTER;
    if (typeof client?.evalsha !== "function") {
      throw new SessionConfigError("client", "must be an ioredis Redis or Cluster client");
    }
    if (typeof prefix !== "string") throw new SessionConfigError("prefix", "must be a string");
    if (typeof now !== "function") {
      throw new SessionConfigError("now", "must be a function returning epoch milliseconds");
    }
    if (!Number.isFinite(retention) || retention < 0) {
      throw new SessionConfigError("expiredRetention", "must be a non-negative number of ms");
    }
    if (!Number.isFinite(slack) || slack < 0) {
      throw new SessionConfigError("rescoreAfter", "must be a non-negative number of ms");
    }
    this.#client = client;
    this.#now = now;
    this.#retention = retention;
    this.#slack = slack;
    this.keys = createKeyLayout(prefix);
    this.#atomic = !client.isCluster || this.keys.singleSlot;
  }

  async get(id: string): Promise<SessionRecord | null> {
    assertStoreId(STORE_NAME, "get", "id", id);
    this.#assertOpen("get");
    return storeCall(STORE_NAME, "get", async () => {
      const fields = await this.#client.hmget(this.keys.record(id), ...RECORD_FIELDS);
      return decodeRecord(id, fields, this.#now());
    });
  }

  async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    assertStoreId(STORE_NAME, "set", "record.id", record.id);
    if (record.userId !== null) assertStoreId(STORE_NAME, "set", "record.userId", record.userId);
    this.#assertOpen("set");
    return storeCall(STORE_NAME, "set", async () => {
      const now = this.#now();
      const e = encodeRecord(record);
      const keys = [this.keys.record(record.id), this.keys.ledger(record.id)];
      const args = [
        expectedVersion === null ? "" : String(expectedVersion),
        String(now),
        e.data,
        e.meta,
        e.userId,
        e.hasUser,
        e.createdAt,
        e.lastActiveAt,
        e.expiresAt,
        e.version,
        e.expireAt,
        record.id,
        ...this.#scoreArgs(now),
      ];
      if (this.#atomic) {
        if (record.userId !== null) keys.push(this.keys.user(record.userId));
        args.push(this.keys.userPrefix);
        const [written] = (await SET_ATOMIC.run(this.#client, keys, args)) as ScriptReply;
        return written === 1;
      }
      // Cluster: the new owner's index first, so a crash between the steps leaves an extra
      // index entry (filtered out on read) rather than a live session missing from its index.
      if (record.userId !== null) await this.#indexAdd(record.userId, e.expiresAt, record.id, now);
      const [written, previous] = (await SET_RECORD.run(this.#client, keys, args)) as ScriptReply;
      if (written === 1 && previous != null && previous !== record.userId) {
        await this.#client.zrem(this.keys.user(previous), record.id);
      }
      return written === 1;
    });
  }

  async touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    assertStoreId(STORE_NAME, "touch", "id", id);
    this.#assertOpen("touch");
    return storeCall(STORE_NAME, "touch", async () => {
      const now = this.#now();
      const keys = [this.keys.record(id), this.keys.ledger(id)];
      const args = [
        String(now),
        String(expiresAt),
        String(lastActiveAt),
        expireAtArgument(expiresAt),
        id,
        ...this.#scoreArgs(now),
      ];
      if (this.#atomic) {
        args.push(this.keys.userPrefix);
        const [touched] = (await TOUCH_ATOMIC.run(this.#client, keys, args)) as ScriptReply;
        return touched === 1;
      }
      const [touched, owner] = (await TOUCH_RECORD.run(this.#client, keys, args)) as ScriptReply;
      if (touched === 1 && owner != null) await this.#indexAdd(owner, String(expiresAt), id, now);
      return touched === 1;
    });
  }

  async destroy(id: string): Promise<void> {
    assertStoreId(STORE_NAME, "destroy", "id", id);
    this.#assertOpen("destroy");
    await storeCall(STORE_NAME, "destroy", async () => {
      const keys = [this.keys.record(id), this.keys.ledger(id)];
      if (this.#atomic) {
        await DESTROY_ATOMIC.run(this.#client, keys, [id, this.keys.userPrefix]);
        return;
      }
      const owner = (await DESTROY_RECORD.run(this.#client, keys, [id])) as string | null;
      if (owner !== null) await this.#client.zrem(this.keys.user(owner), id);
    });
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    assertStoreId(STORE_NAME, "listByUser", "userId", userId);
    this.#assertOpen("listByUser");
    return storeCall(STORE_NAME, "listByUser", async () => {
      const now = this.#now();
      const ids = await this.#indexRead(userId, now);
      // Sent together: one pipelined round trip on one connection, one per node in a cluster.
      const rows = await Promise.all(
        ids.map((id) => this.#client.hmget(this.keys.record(id), ...RECORD_FIELDS)),
      );
      const records: SessionRecord[] = [];
      rows.forEach((fields, i) => {
        const record = decodeRecord(ids[i]!, fields, now);
        // The index may name a record that moved to another user or is gone (see README).
        if (record !== null && record.userId === userId) records.push(record);
      });
      return records.sort((a, b) => b.lastActiveAt - a.lastActiveAt || (a.id < b.id ? -1 : 1));
    });
  }

  async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    assertStoreId(STORE_NAME, "destroyByUser", "userId", userId);
    if (exceptId !== undefined) assertStoreId(STORE_NAME, "destroyByUser", "exceptId", exceptId);
    this.#assertOpen("destroyByUser");
    return storeCall(STORE_NAME, "destroyByUser", async () => {
      const now = this.#now();
      const ids = (await this.#indexRead(userId, now)).filter((id) => id !== exceptId);
      // Each record is deleted only if it is live and still this user's, checked atomically
      // in its own slot; expired ones are left to native expiry and cleanup().
      const replies = await Promise.all(
        ids.map((id) =>
          DESTROY_OWNED.run(
            this.#client,
            [this.keys.record(id), this.keys.ledger(id)],
            [String(now), userId, id],
          ),
        ),
      );
      const destroyed = ids.filter((_, i) => replies[i] === 1);
      if (destroyed.length > 0) await this.#client.zrem(this.keys.user(userId), ...destroyed);
      return destroyed.length;
    });
  }

  /**
   * Clears the expiry ledger of sessions whose deadline has passed and resolves how many it
   * cleared. Redis has deleted (or deletes) the records themselves at their deadline; user
   * indexes drop dead members whenever they are written or read, and expire with their last
   * member. Sessions that expired more than `expiredRetention` ago may have been dropped from
   * the ledger by writes already and are then not counted.
   */
  async cleanup(): Promise<number> {
    this.#assertOpen("cleanup");
    return storeCall(STORE_NAME, "cleanup", async () => {
      const now = this.#now();
      const [, grace, slack, indexCutoff] = this.#scoreArgs(now);
      const userPrefix = this.#atomic ? this.keys.userPrefix : "";
      const counts = await Promise.all(
        this.keys.buckets().map(async ({ ledger, recordPrefix }) => {
          const args = [
            String(now),
            String(CLEANUP_BATCH),
            recordPrefix,
            grace,
            slack,
            indexCutoff,
            userPrefix,
          ];
          let total = 0;
          for (;;) {
            const [seen, removed] = (await CLEANUP_LEDGER.run(this.#client, [ledger], args)) as [
              number,
              number,
            ];
            total += removed;
            if (seen < CLEANUP_BATCH) return total;
          }
        }),
      );
      await this.#pruneUserIndexes(indexCutoff);
      return counts.reduce((sum, count) => sum + count, 0);
    });
  }

  /**
   * Drops the members dead for certain (score at or before `cutoff`) from every user index
   * under the prefix. cleanup() is not a request
   * path, so a SCAN restricted to the user-index keys (on every master of a Cluster) is fine
   * here; requests never scan. The count is already in the ledger's total: these are the same
   * dead sessions, seen from their users' side.
   */
  async #pruneUserIndexes(cutoff: string): Promise<void> {
    const client = this.#client;
    const nodes = client.isCluster ? (client as Cluster).nodes("master") : [client as Redis];
    const pattern = `${escapeGlob(this.keys.userPrefix)}*`;
    for (const node of nodes) {
      let cursor = "0";
      do {
        const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", 500);
        cursor = next;
        await Promise.all(keys.map((key) => client.zremrangebyscore(key, "-inf", cutoff)));
      } while (cursor !== "0");
    }
  }

  /**
   * Marks the store closed: later calls reject with `SessionStoreError`. The client belongs to
   * the application and stays open. Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
  }

  /**
   * The scripts' arguments for sorted-set upkeep. A score lags its deadline by at most the
   * slack, so an entry is dead for certain only once its score is a slack in the past: the
   * ledger drops entries dead for longer than the retention (and its key outlives its latest
   * score by both), a user index drops members dead for certain (its key outlives its latest
   * score by the slack).
   */
  #scoreArgs(
    now: number,
  ): [ledgerCutoff: string, ledgerGrace: string, slack: string, indexCutoff: string] {
    const slack = this.#slack;
    return [
      String(now - this.#retention - slack),
      String(this.#retention + slack),
      String(slack),
      this.#indexCutoff(now),
    ];
  }

  /** Index members scored at or before this are dead for certain. */
  #indexCutoff(now: number): string {
    return String(now - this.#slack);
  }

  #indexAdd(userId: string, expiresAt: string, id: string, now: number): Promise<unknown> {
    return INDEX_ADD.run(
      this.#client,
      [this.keys.user(userId)],
      [expiresAt, id, this.#indexCutoff(now), String(this.#slack)],
    );
  }

  async #indexRead(userId: string, now: number): Promise<string[]> {
    return (await INDEX_READ.run(
      this.#client,
      [this.keys.user(userId)],
      [this.#indexCutoff(now)],
    )) as string[];
  }

  #assertOpen(operation: StoreOperation): void {
    if (this.#closed) {
      throw new SessionStoreError(STORE_NAME, operation, "the store is closed");
    }
  }
}

/** Escapes Redis glob characters, so a prefix like `"app[1]:"` matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
