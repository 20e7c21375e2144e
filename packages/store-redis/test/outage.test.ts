import { createStoreTestRecord } from "@sessionkit/conformance";
import { SessionStoreError } from "@sessionkit/core";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../src/index.js";
import { freePort, type PrivateServer, startRedisServer } from "./private-server.js";
import { keysUnder, uniquePrefix } from "./support.js";

/** Generous: a store that queued commands while Redis is down would wait for ever. */
const FAIL_FAST_LIMIT_MS = 2_000;

// A server of this test's own on a spare port, so stopping it disturbs nobody else (not even a
// second run of this suite from another clone).
let port: number;
let server: PrivateServer | undefined;
let client: Redis;

beforeAll(async () => {
  port = await freePort();
  server = await startRedisServer(port);
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
});

afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

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

    // Same port, empty memory (no persistence): the client reconnects on its own.
    const ready = nextEvent("ready");
    server = await startRedisServer(port);
    await ready;

    // Nothing of the failed write landed, and the store works again (its scripts are loaded
    // afresh after NOSCRIPT, since the new server's script cache is empty).
    expect(await keysUnder(client, store.keys.prefix)).toEqual([]);
    expect(await store.get(during.id)).toBeNull();
    expect(await store.set(during, null)).toBe(true);
    expect(await store.get(during.id)).toEqual(during);
    expect(await store.listByUser("outage-user")).toEqual([during]);
    expect(await store.destroyByUser("outage-user")).toBe(1);
  });
});
