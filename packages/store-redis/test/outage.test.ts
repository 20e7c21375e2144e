import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStoreTestRecord } from "@sessionkit/conformance";
import { SessionStoreError } from "@sessionkit/core";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../src/index.js";
import {
  freePort,
  type PrivateServer,
  SETUP_TIMEOUT_MS,
  startRedisServer,
} from "./private-server.js";
import { keysUnder, uniquePrefix } from "./support.js";

/** Generous: a store that queued commands while Redis is down would wait for ever. */
const FAIL_FAST_LIMIT_MS = 2_000;

// A server of this test's own on a spare port, so stopping it disturbs nobody else (not even a
// second run of this suite from another clone).
let port: number;
let server: PrivateServer | undefined;
let client: Redis;
// The server persists every acknowledged write (AOF, fsync always) and restarts on the same
// files, so "nothing half-written" is checked against what really survived the outage.
let persistDir: string;

beforeAll(async () => {
  port = await freePort();
  persistDir = mkdtempSync(join(tmpdir(), "sessionkit-redis-outage-"));
  server = await startRedisServer(port, [], persistDir);
  // What an application configures for fast failures: no offline queue, no per-request
  // retries; reconnection keeps going in the background.
  client = new Redis({
    host: "127.0.0.1",
    port,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 50,
  });
  client.on("error", () => {}); // refused reconnections while the server is down are expected
  await nextEvent("ready");
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  client?.disconnect();
  await server?.stop();
  rmSync(persistDir, { recursive: true, force: true });
}, SETUP_TIMEOUT_MS);

/**
 * The next `name` event. Not `events.once`, which rejects on the first "error" event, and
 * refused reconnections emit exactly those while the server is down.
 */
function nextEvent(name: "ready" | "close"): Promise<void> {
  return new Promise((resolve) => client.once(name, () => resolve()));
}

/** Settles `promise`, or reports that it did not within the limit. */
async function settleWithin<T>(
  promise: Promise<T>,
): Promise<{ error: unknown } | "timeout" | "ok"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), FAIL_FAST_LIMIT_MS);
  });
  try {
    return await Promise.race([promise.then(() => "ok" as const), deadline]);
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

describe("Redis stopped and restarted mid-run", () => {
  it("fails fast with SessionStoreError while down, writes nothing, and recovers by itself", async () => {
    const store = new RedisStore({ client, prefix: uniquePrefix() });
    const before = createStoreTestRecord({ userId: "outage-user" });
    expect(await store.set(before, null)).toBe(true);
    const keysBefore = await snapshot(client, store.keys.prefix);
    expect(Object.keys(keysBefore).length).toBeGreaterThan(0);

    const closed = nextEvent("close");
    await server?.stop();
    server = undefined;
    await closed;

    const during = createStoreTestRecord({ userId: "outage-user" });
    const now = Date.now();
    const calls: [string, () => Promise<unknown>][] = [
      ["get", () => store.get(before.id)],
      ["set", () => store.set(during, null)],
      ["touch", () => store.touch(before.id, now + 60_000, now)],
      ["destroy", () => store.destroy(before.id)],
      ["listByUser", () => store.listByUser("outage-user")],
      ["destroyByUser", () => store.destroyByUser("outage-user")],
      ["cleanup", () => store.cleanup()],
    ];
    for (const [operation, call] of calls) {
      const outcome = await settleWithin(call());
      expect(outcome, `${operation} during the outage`).toMatchObject({
        error: expect.any(SessionStoreError),
      });
      const error = (outcome as { error: SessionStoreError }).error;
      expect(error.operation).toBe(operation);
      expect(error.cause).toBeInstanceOf(Error);
    }

    // Same port, same AOF: the client reconnects on its own.
    const ready = nextEvent("ready");
    server = await startRedisServer(port, [], persistDir);
    await ready;

    // What was acknowledged before the outage is back, key for key and field for field, and
    // nothing of the calls that failed during it landed (no record, index or ledger entry).
    expect(await snapshot(client, store.keys.prefix)).toEqual(keysBefore);
    expect(await store.get(before.id)).toEqual(before);
    expect(await store.get(during.id)).toBeNull();
    expect(await store.listByUser("outage-user")).toEqual([before]);

    // And the store works again (its scripts are loaded afresh after NOSCRIPT: a restarted
    // server's script cache is empty).
    expect(await store.set(during, null)).toBe(true);
    expect(await store.get(during.id)).toEqual(during);
    expect(await store.destroyByUser("outage-user")).toBe(2);
    expect(await store.listByUser("outage-user")).toEqual([]);
  });
});

/** Every key under `prefix` with its type and full contents, for an exact before/after check. */
async function snapshot(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const key of (await keysUnder(redis, prefix)).sort()) {
    const type = await redis.type(key);
    if (type === "hash") result[key] = await redis.hgetall(key);
    else if (type === "zset") result[key] = await redis.zrange(key, 0, -1, "WITHSCORES");
    else if (type === "set") result[key] = (await redis.smembers(key)).sort();
    else if (type === "string") result[key] = await redis.get(key);
    else result[key] = type;
  }
  return result;
}
