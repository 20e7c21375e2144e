import { createStoreTestRecord } from "@sessionkit/conformance";
import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisStore } from "../src/index.js";
import { CommandLog } from "./command-log.js";
import { createTestClient, createTestCluster, dropStore, openStore } from "./support.js";

const HOUR = 3_600_000;

describe("round trips per operation, standalone (MONITOR)", () => {
  let client: Redis;
  let store: RedisStore;
  let log: CommandLog;

  beforeAll(async () => {
    client = createTestClient();
    store = openStore(client);
    log = await CommandLog.start([client], store.keys.prefix);
  });

  afterAll(async () => {
    log.stop();
    await dropStore(store, client);
    await client.quit();
  });

  it("get is one HMGET; set, touch and destroy are one EVALSHA each, signed in or not", async () => {
    for (const userId of [null, "user-round-trips"]) {
      const record = createStoreTestRecord({ userId });
      await store.set(record, null); // loads the scripts, so the counts below are warm
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
  let cluster: Cluster;
  let store: RedisStore;
  let log: CommandLog;

  beforeAll(async () => {
    cluster = createTestCluster();
    await cluster.ping();
    store = openStore(cluster);
    log = await CommandLog.start(cluster.nodes("master"), store.keys.prefix);
  });

  afterAll(async () => {
    log.stop();
    await dropStore(store, cluster);
    await cluster.quit();
  });

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
    // Index first (its own slot), then the record's compare-and-set.
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
      // Loads the atomic scripts on the node that owns the tag's slot, so the counts are warm.
      const warm = createStoreTestRecord({ userId: "user-warm" });
      const now = Date.now();
      await tagged.set(warm, null);
      await tagged.touch(warm.id, now + HOUR, now);
      await tagged.destroy(warm.id);
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
      await dropStore(tagged, cluster);
    }
  });
});
