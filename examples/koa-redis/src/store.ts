import { RedisStore } from "@sessionkit/store-redis";
import { Redis } from "ioredis";
import { DEFAULT_REDIS_URL, redact } from "./config.js";

export interface StoreSettings {
  /** Default: `REDIS_URL`, else `DEFAULT_REDIS_URL` (config.ts). */
  url?: string;
  /** Put before every key the store writes. Default: the store's `"sess:"`. */
  prefix?: string;
}

export interface OpenedStore {
  store: RedisStore;
  /** The app's connection, e.g. to log its `error` events. */
  client: Redis;
  /** Closes the store, then the connection: the store never closes a client it was given. */
  close(): Promise<void>;
}

/**
 * Connects to Redis before the app starts, so a server that is not there stops the start
 * instead of failing the first request.
 *
 * `enableOfflineQueue: false`: while Redis is unreachable, a request fails at once with a
 * `SessionStoreError` (a 500) instead of waiting in ioredis's queue for a reconnect, and the
 * client keeps reconnecting in the background. That is only safe once connected, hence
 * `lazyConnect` and the awaited `connect()`.
 */
export async function openStore(settings: StoreSettings = {}): Promise<OpenedStore> {
  const url = settings.url ?? (process.env.REDIS_URL || DEFAULT_REDIS_URL);
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false });
  // `connect()` only says "Connection is closed."; the `error` event has the reason.
  let reason: Error | undefined;
  const remember = (error: Error) => {
    reason ??= error;
  };
  client.on("error", remember);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect(); // or it retries forever in the background
    const cause = reason ?? error;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`No Redis answers at ${redact(url)} (${why}).`, { cause });
  } finally {
    client.off("error", remember);
  }
  const { prefix } = settings;
  const store = new RedisStore({ client, ...(prefix === undefined ? {} : { prefix }) });
  return {
    store,
    client,
    close: async () => {
      await store.close();
      await client.quit();
    },
  };
}
