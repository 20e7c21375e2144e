import { createStoreTestRecord } from "@sessionkit/conformance";
import { type Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisStore } from "../src/index.js";
import { LuaScript } from "../src/lua-script.js";
import * as scripts from "../src/scripts.js";
import { CommandLog } from "./command-log.js";
import {
  freePort,
  type PrivateCluster,
  type PrivateServer,
  SETUP_TIMEOUT_MS,
  startPrivateCluster,
  startRedisServer,
} from "./private-server.js";
import { openStore } from "./support.js";

const HOUR = 3_600_000;

/**
 * Loads every script on every server, so the counts below see warm script caches (no NOSCRIPT
 * and EVAL), then runs each operation once.
 */
async function warmUp(store: RedisStore, servers: Redis[]): Promise<void> {
  for (const script of Object.values(scripts)) {
    if (script instanceof LuaScript) {
      for (const server of servers)
        expect(await server.script("LOAD", script.source)).toBe(script.sha);
    }
  }
  const now = Date.now();
  for (const userId of [null, "user-warm-up"]) {
    const record = createStoreTestRecord({ userId });
    await store.set(record, null);
    await store.touch(record.id, now + HOUR, now);
    await store.destroy(record.id);
  }
  await store.listByUser("user-warm-up");
  await store.destroyByUser("user-warm-up");
}

// Servers of this file's own: MONITOR then sees only this file's commands, and no concurrent
// run (a benchmark, another clone's tests) can flood it.

describe("round trips per operation, standalone (MONITOR)", () => {
  let server: PrivateServer;
  let client: Redis;
  let store: RedisStore;
  let log: CommandLog;

  beforeAll(async () => {
    server = await startRedisServer(await freePort());
    client = new Redis({ host: "127.0.0.1", port: server.port });
    store = openStore(client);
    await warmUp(store, [client]);
    log = await CommandLog.start([client], store.keys.prefix);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    log?.stop();
    await client?.quit();
    await server?.stop();
  }, SETUP_TIMEOUT_MS);

  it("get is one HMGET; set, touch and destroy are one EVALSHA each, signed in or not", async () => {
    for (const userId of [null, "user-round-trips"]) {
      const record = createStoreTestRecord({ userId });
      await store.set(record, null);
      expect(await log.commandsOf(() => store.get(record.id))).toEqual(["hmget"]);
      const next = { ...record, data: { n: 2 }, version: 2 };
      expect(await log.commandsOf(() => store.set(next, 1))).toEqual(["evalsha"]);
      expect(await log.commandsOf(() => store.set(next, 1))).toEqual(["evalsha"]);
      const now = Date.now();
      expect(await log.commandsOf(() => store.touch(record.id, now + HOUR, now))).toEqual([
        "evalsha",
      ]);
      expect(await log.commandsOf(() => store.destroy(record.id))).toEqual(["evalsha"]);
    }
  });

  it("a change of user is still one EVALSHA", async () => {
    const record = createStoreTestRecord({ userId: "user-a" });
    await store.set(record, null);
    const moved = { ...record, userId: "user-b", version: 2 };
    expect(await log.commandsOf(() => store.set(moved, 1))).toEqual(["evalsha"]);
    expect(await store.listByUser("user-a")).toEqual([]);
    expect(await store.listByUser("user-b")).toEqual([moved]);
  });

  it("listByUser reads the index once, then every record in one pipelined batch", async () => {
    const records = [1, 2, 3].map(() => createStoreTestRecord({ userId: "user-list" }));
    for (const record of records) await store.set(record, null);
    expect(await log.commandsOf(() => store.listByUser("user-list"))).toEqual([
      "evalsha",
      "hmget",
      "hmget",
      "hmget",
    ]);
  });
});

describe("round trips per operation, cluster (MONITOR on every master)", () => {
  let servers: PrivateCluster;
  let cluster: Cluster;
  let store: RedisStore;
  let log: CommandLog;

  beforeAll(async () => {
    servers = await startPrivateCluster();
    cluster = servers.connect();
    await cluster.ping();
    store = openStore(cluster);
    await warmUp(store, cluster.nodes("master"));
    log = await CommandLog.start(cluster.nodes("master"), store.keys.prefix);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    log?.stop();
    await cluster?.quit();
    await servers?.stop();
  }, SETUP_TIMEOUT_MS);

  it("an anonymous session costs what it costs on standalone", async () => {
    const record = createStoreTestRecord();
    await store.set(record, null);
    expect(await log.commandsOf(() => store.get(record.id))).toEqual(["hmget"]);
    expect(await log.commandsOf(() => store.set({ ...record, version: 2 }, 1))).toEqual([
      "evalsha",
    ]);
    const now = Date.now();
    expect(await log.commandsOf(() => store.touch(record.id, now + HOUR, now))).toEqual([
      "evalsha",
    ]);
    expect(await log.commandsOf(() => store.destroy(record.id))).toEqual(["evalsha"]);
  });

  it("a signed-in session adds one single-slot step for its user index", async () => {
    const record = createStoreTestRecord({ userId: "user-cluster" });
    await store.set(record, null);
    expect(await log.commandsOf(() => store.get(record.id))).toEqual(["hmget"]);
    // The index (its own slot) first, then the record's compare-and-set.
    expect(await log.commandsOf(() => store.set({ ...record, version: 2 }, 1))).toEqual([
      "evalsha",
      "evalsha",
    ]);
    const now = Date.now();
    expect(await log.commandsOf(() => store.touch(record.id, now + HOUR, now))).toEqual([
      "evalsha",
      "evalsha",
    ]);
    expect(await log.commandsOf(() => store.destroy(record.id))).toEqual(["evalsha", "zrem"]);
  });

  it("a prefix with a hash tag keeps every key in one slot: one EVALSHA again", async () => {
    const tagged = openStore(cluster, { prefix: `{${store.keys.prefix}}` });
    const taggedLog = await CommandLog.start(cluster.nodes("master"), tagged.keys.prefix);
    try {
      await warmUp(tagged, cluster.nodes("master"));
      const now = Date.now();
      const record = createStoreTestRecord({ userId: "user-tagged" });
      await tagged.set(record, null);
      expect(await taggedLog.commandsOf(() => tagged.set({ ...record, version: 2 }, 1))).toEqual([
        "evalsha",
      ]);
      const moved = { ...record, userId: "user-tagged-2", version: 3 };
      expect(await taggedLog.commandsOf(() => tagged.set(moved, 2))).toEqual(["evalsha"]);
      expect(await tagged.listByUser("user-tagged")).toEqual([]);
      expect(await tagged.listByUser("user-tagged-2")).toEqual([moved]);
      expect(await taggedLog.commandsOf(() => tagged.touch(record.id, now + HOUR, now))).toEqual([
        "evalsha",
      ]);
      expect(await taggedLog.commandsOf(() => tagged.destroy(record.id))).toEqual(["evalsha"]);
      expect(await tagged.listByUser("user-tagged-2")).toEqual([]);
    } finally {
      taggedLog.stop();
    }
  });
});
