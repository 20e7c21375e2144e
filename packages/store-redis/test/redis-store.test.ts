import { createExpiredStoreTestRecord, createStoreTestRecord } from "@sessionkit/conformance";
import { SessionConfigError, SessionStoreError } from "@sessionkit/core";
import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../src/index.js";
import { bucketOf } from "../src/keys.js";
import { createTestClient, createTestCluster, dropStore, keysUnder, openStore } from "./support.js";

const HOUR = 3_600_000;
/** The store's default `rescoreAfter`: how far a ledger or index score may lag its deadline. */
const RESCORE_AFTER = 300_000;

let client: Redis;
let cluster: Cluster;
const stores: [RedisStore, Redis | Cluster][] = [];

function track(store: RedisStore, owner: Redis | Cluster): RedisStore {
  stores.push([store, owner]);
  return store;
}

beforeAll(async () => {
  client = createTestClient();
  cluster = createTestCluster();
  await cluster.ping();
});

afterAll(async () => {
  for (const [store, owner] of stores) await dropStore(store, owner);
  await client.quit();
  await cluster.quit();
});

describe("options", () => {
  it("rejects a missing client, a bad prefix, clock or retention at construction", () => {
    const bad: unknown[] = [
      {},
      { client: {} },
      { client: createTestClientStub(), prefix: 1 },
      { client: createTestClientStub(), now: 5 },
      { client: createTestClientStub(), expiredRetention: -1 },
      { client: createTestClientStub(), rescoreAfter: -1 },
      { client: createTestClientStub(), rescoreAfter: Number.NaN },
    ];
    for (const options of bad) {
      expect(() => new RedisStore(options as never)).toThrow(SessionConfigError);
    }
  });

  it("never closes the application's client; a closed store rejects with SessionStoreError", async () => {
    const store = track(openStore(client), client);
    await store.close();
    await expect(store.get("x")).rejects.toBeInstanceOf(SessionStoreError);
    await expect(store.set(createStoreTestRecord(), null)).rejects.toMatchObject({
      operation: "set",
    });
    expect(await client.ping()).toBe("PONG");
  });
});

function createTestClientStub(): { evalsha(): void } {
  return { evalsha() {} };
}

describe("what is stored, standalone", () => {
  it("writes only under its prefix: a record hash, its ledger, the user index", async () => {
    const store = track(openStore(client), client);
    const record = createStoreTestRecord({ userId: "user-layout", data: { a: 1 } });
    await store.set(record, null);
    const keys = (await keysUnder(client, store.keys.prefix)).sort();
    expect(keys).toEqual(
      [
        store.keys.record(record.id),
        store.keys.ledger(record.id),
        store.keys.user("user-layout"),
      ].sort(),
    );
    expect(await client.hgetall(store.keys.record(record.id))).toEqual({
      data: '{"a":1}',
      meta: "{}",
      userId: "user-layout",
      createdAt: String(record.createdAt),
      lastActiveAt: String(record.lastActiveAt),
      expiresAt: String(record.expiresAt),
      version: "1",
      scoredAt: String(record.expiresAt),
    });
    // Redis expires the record itself at its deadline; the index scores by deadline too, and
    // lives a rescoreAfter longer (a score may lag its deadline by that much).
    expect(await client.pexpiretime(store.keys.record(record.id))).toBe(record.expiresAt);
    expect(await client.zscore(store.keys.user("user-layout"), record.id)).toBe(
      String(record.expiresAt),
    );
    expect(await client.pexpiretime(store.keys.user("user-layout"))).toBe(
      record.expiresAt + RESCORE_AFTER,
    );
  });

  it("keeps a 1 MB payload, unicode, keys with . and $, and numbers as numbers", async () => {
    const store = track(openStore(client), client);
    const data = {
      "a.b": { $set: "x" },
      text: "émoji 🎉 \u0000 ' \" \\",
      n: [0, -1, 1.5, 2 ** 53 - 1, 1e-7],
      nested: { empty: {}, list: [] },
      big: "x".repeat(1024 * 1024),
    };
    const record = createStoreTestRecord({ data, meta: { userAgent: "ua", ip: "::1" } });
    expect(await store.set(record, null)).toBe(true);
    expect(await store.get(record.id)).toEqual(record);
  });

  it("cleanup() works through ledgers of more than one batch", async () => {
    const store = track(openStore(client), client);
    const expired = Array.from({ length: 1_500 }, () => createExpiredStoreTestRecord());
    await Promise.all(expired.map((record) => store.set(record, null)));
    expect(await store.cleanup()).toBe(1_500);
    expect(await store.cleanup()).toBe(0);
  });

  it("writes drop ledger entries older than expiredRetention", async () => {
    const store = track(openStore(client, { expiredRetention: 0, rescoreAfter: 0 }), client);
    const expired = createExpiredStoreTestRecord();
    await store.set(expired, null);
    // Another session in the same bucket, so the same ledger: its write prunes the old entry.
    let sameBucket = createStoreTestRecord();
    while (bucketOf(sameBucket.id) !== bucketOf(expired.id)) sameBucket = createStoreTestRecord();
    await store.set(sameBucket, null);
    expect(await store.cleanup()).toBe(0);
    expect(await store.get(sameBucket.id)).toEqual(sameBucket);
  });
});

describe("cluster: the user index is a second single-slot step", () => {
  it("an index entry whose record is gone (process died between steps) is never listed", async () => {
    const store = track(openStore(cluster), cluster);
    const record = createStoreTestRecord({ userId: "user-crash" });
    await store.set(record, null);
    // What a crash right after the index step of a create leaves: an entry, no record.
    await cluster.zadd(store.keys.user("user-crash"), Date.now() + HOUR, "missing-id");
    expect(await store.listByUser("user-crash")).toEqual([record]);
    expect(await store.destroyByUser("user-crash")).toBe(1);
  });

  it("a change of user removes the id from the old user's index", async () => {
    const store = track(openStore(cluster), cluster);
    const record = createStoreTestRecord({ userId: "user-old" });
    await store.set(record, null);
    const moved = { ...record, userId: "user-new", version: 2 };
    expect(await store.set(moved, 1)).toBe(true);
    expect(await cluster.zscore(store.keys.user("user-old"), record.id)).toBeNull();
    expect(await store.listByUser("user-new")).toEqual([moved]);
  });

  it("a record and its ledger share a slot; the user index may be elsewhere", async () => {
    const store = track(openStore(cluster), cluster);
    const id = createStoreTestRecord().id;
    const slot = await cluster.cluster("KEYSLOT", store.keys.record(id));
    expect(await cluster.cluster("KEYSLOT", store.keys.ledger(id))).toBe(slot);
  });
});

describe("cleanup prunes the user indexes", () => {
  it.each([
    ["standalone", () => client],
    ["cluster", () => cluster],
  ] as const)(
    "%s: dead members leave their users' indexes, live ones stay",
    async (_name, owner) => {
      let now = Date.now();
      const store = track(openStore(owner(), { now: () => now }), owner());
      const dying = createStoreTestRecord({ userId: "user-prune", expiresAt: now + 60_000 });
      const living = createStoreTestRecord({ userId: "user-prune", expiresAt: now + HOUR });
      const other = createStoreTestRecord({ userId: "user-prune-2", expiresAt: now + 60_000 });
      for (const record of [dying, living, other]) await store.set(record, null);
      // Without cleanup, the index still holds the member whose deadline is about to pass.
      expect(await owner().zcard(store.keys.user("user-prune"))).toBe(2);
      // Dead for certain once its score is rescoreAfter in the past (a score may lag).
      now += 2 * 60_000 + RESCORE_AFTER;
      expect(await store.cleanup()).toBe(2);
      expect(await owner().zrange(store.keys.user("user-prune"), 0, -1)).toEqual([living.id]);
      expect(await owner().zcard(store.keys.user("user-prune-2"))).toBe(0);
    },
  );
});

describe("an auto-pipelining client (enableAutoPipelining, recommended under load)", () => {
  it("keeps every operation's answer when many run in the same tick", async () => {
    const pipelining = createTestClient({ enableAutoPipelining: true });
    try {
      const store = track(openStore(pipelining), client);
      const records = Array.from({ length: 50 }, (_, i) =>
        createStoreTestRecord({ userId: `pipelined-${i % 5}`, data: { i } }),
      );
      expect(await Promise.all(records.map((r) => store.set(r, null)))).toEqual(
        records.map(() => true),
      );
      // A conflicting write beside a good one for every record, all in one tick.
      const updates = records.flatMap((r) => [
        store.set({ ...r, data: { i: -1 }, version: 2 }, 1),
        store.set({ ...r, data: { i: -2 }, version: 2 }, 7),
      ]);
      expect(await Promise.all(updates)).toEqual(records.flatMap(() => [true, false]));
      const read = await Promise.all(records.map((r) => store.get(r.id)));
      expect(read.map((r) => r?.data)).toEqual(records.map(() => ({ i: -1 })));
      expect((await store.listByUser("pipelined-0")).length).toBe(10);
      expect(await store.destroyByUser("pipelined-0")).toBe(10);
      await Promise.all(records.map((r) => store.destroy(r.id)));
      expect(await Promise.all(records.map((r) => store.get(r.id)))).toEqual(
        records.map(() => null),
      );
    } finally {
      await pipelining.quit();
    }
  });
});
