import type { Cluster, Redis } from "ioredis";

/** An ioredis client: `Redis` (standalone or Sentinel-configured) or `Redis.Cluster`. */
export type RedisClient = Redis | Cluster;

export interface RedisStoreOptions {
  /**
   * The application's ioredis client: `new Redis(url)`, a Sentinel-configured
   * `new Redis({ sentinels, name })`, or `new Redis.Cluster(nodes)`. The store never connects
   * or closes it. For fast failures while Redis is down, give it `enableOfflineQueue: false`
   * (and `maxRetriesPerRequest`), otherwise ioredis queues commands until it reconnects.
   */
  client: RedisClient;
  /**
   * Put before every key the store writes, so several apps (or environments) can share one
   * Redis. A prefix with a hash tag (`"{sess}:"`) keeps all keys in one cluster slot.
   * @default "sess:"
   */
  prefix?: string;
  /**
   * The clock that decides liveness, in epoch ms. Liveness is judged by the application's
   * clock, so `get` agrees with the core that wrote `expiresAt`; Redis deletes records at
   * `expiresAt` by its own clock.
   * @default Date.now
   */
  now?: () => number;
  /**
   * How long, in ms, the expiry ledger remembers a session after it expired, so `cleanup()`
   * can count it. Writes drop ledger entries older than this, which bounds the ledger when
   * `cleanup()` never runs; run `cleanup()` more often than this for complete counts.
   * @default 3_600_000 (one hour)
   */
  expiredRetention?: number;
  /**
   * How far, in ms, a session's deadline may move before a write re-scores it in the expiry
   * ledger and its user's index. Rolling sessions move their deadline on every write; with
   * this, most writes update the record alone (three commands instead of seven, about half
   * the Redis CPU). Nothing is lost by the lag: index reads and `cleanup()` check the record
   * of any entry whose score has passed. Costs: index and ledger keys live this much longer,
   * and ledger entries are kept up to this much past `expiredRetention`. `0` re-scores on
   * every write.
   * @default 300_000 (five minutes)
   */
  rescoreAfter?: number;
}
