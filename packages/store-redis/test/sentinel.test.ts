import { createStoreTestRecord } from "@sessionkit/conformance";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RedisStore } from "../src/index.js";
import {
  freePort,
  type PrivateServer,
  SETUP_TIMEOUT_MS,
  startRedisServer,
  startSentinel,
} from "./private-server.js";
import { uniquePrefix } from "./support.js";

// A master and a Sentinel of this test's own: the app's client finds the master through the
// Sentinel, as a Sentinel-configured deployment does.
let master: PrivateServer | undefined;
let sentinel: PrivateServer | undefined;
let client: Redis;

beforeAll(async () => {
  master = await startRedisServer(await freePort());
  sentinel = await startSentinel(await freePort(), "sessionkit", master.port);
  client = new Redis({
    sentinels: [{ host: "127.0.0.1", port: sentinel.port }],
    name: "sessionkit",
  });
  await client.ping();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  client?.disconnect();
  await sentinel?.stop();
  await master?.stop();
}, SETUP_TIMEOUT_MS);

it("works through a Sentinel-configured client: CAS writes, touch, user index, destroy", async () => {
  const store = new RedisStore({ client, prefix: uniquePrefix() });
  const record = createStoreTestRecord({ userId: "sentinel-user" });
  expect(await store.set(record, null)).toBe(true);
  expect(await store.set(record, null)).toBe(false);
  const next = { ...record, data: { moved: true }, version: 2 };
  expect(await store.set(next, 1)).toBe(true);
  expect(await store.get(record.id)).toEqual(next);
  // The master holds the record: the Sentinel only pointed the client at it.
  const direct = new Redis({ host: "127.0.0.1", port: master?.port ?? 0 });
  expect(await direct.exists(store.keys.record(record.id))).toBe(1);
  expect(await store.touch(record.id, next.expiresAt + 1000, next.lastActiveAt + 1)).toBe(true);
  expect((await store.listByUser("sentinel-user")).map((r) => r.id)).toEqual([record.id]);
  await store.destroy(record.id);
  expect(await store.get(record.id)).toBeNull();
  expect(await direct.exists(store.keys.record(record.id))).toBe(0);
  direct.disconnect();
});
