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
}
