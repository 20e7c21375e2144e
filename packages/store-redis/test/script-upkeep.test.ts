import { createStoreTestRecord } from "@sessionkit/conformance";
import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisStore } from "../src/index.js";
import { bucketOf } from "../src/keys.js";
import { createTestClient, createTestCluster, dropStore, openStore } from "./support.js";

// The write script updates the hash in place (no DEL) and keeps the deadlines of the ledger
// and user-index keys with PEXPIREAT … GT/NX instead of reading their latest member: these
// cases pin down what that must still guarantee.

const HOUR = 3_600_000;
const RETENTION = 3_600_000;
const RESCORE_AFTER = 300_000;
let client: Redis;
let cluster: Cluster;
const stores: [RedisStore, Redis | Cluster][] = [];

function track(store: RedisStore, owner: Redis | Cluster = client): RedisStore {
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

describe("write script upkeep", () => {
  it("signing out removes the userId field; the other fields are overwritten", async () => {
    const store = track(openStore(client));
    const record = createStoreTestRecord({ userId: "upkeep-user", data: { a: 1, b: 2 } });
    await store.set(record, null);
    const signedOut = { ...record, userId: null, data: { a: 1 }, version: 2 };
    expect(await store.set(signedOut, 1)).toBe(true);
    const hash = await client.hgetall(store.keys.record(record.id));
    expect(Object.keys(hash).sort()).toEqual(
      ["createdAt", "data", "expiresAt", "lastActiveAt", "meta", "scoredAt", "version"].sort(),
    );
    expect(await store.get(record.id)).toEqual(signedOut);
  });

  it("a ledger's deadline follows its latest entry and never moves earlier", async () => {
    const store = track(openStore(client));
    const now = Date.now();
    const late = createStoreTestRecord({ expiresAt: now + 10 * HOUR });
    let early = createStoreTestRecord({ expiresAt: now + HOUR });
    while (bucketOf(early.id) !== bucketOf(late.id)) {
      early = createStoreTestRecord({ expiresAt: now + HOUR });
    }
    const ledger = store.keys.ledger(late.id);
    await store.set(late, null);
    const grace = RETENTION + RESCORE_AFTER;
    expect(await client.pexpiretime(ledger)).toBe(late.expiresAt + grace);
    await store.set(early, null);
    expect(await store.set({ ...early, expiresAt: now + 2 * HOUR, version: 2 }, 1)).toBe(true);
    expect(await client.pexpiretime(ledger)).toBe(late.expiresAt + grace);
    const later = { ...early, expiresAt: now + 20 * HOUR, version: 3 };
    expect(await store.set(later, 2)).toBe(true);
    expect(await client.pexpiretime(ledger)).toBe(later.expiresAt + grace);
  });

  it("a user index lives as long as the user's latest session, also after a touch", async () => {
    const store = track(openStore(client));
    const now = Date.now();
    const first = createStoreTestRecord({ userId: "upkeep-index", expiresAt: now + HOUR });
    const second = createStoreTestRecord({ userId: "upkeep-index", expiresAt: now + 3 * HOUR });
    const index = store.keys.user("upkeep-index");
    await store.set(first, null);
    expect(await client.pexpiretime(index)).toBe(first.expiresAt + RESCORE_AFTER);
    await store.set(second, null);
    expect(await client.pexpiretime(index)).toBe(second.expiresAt + RESCORE_AFTER);
    expect(await store.touch(first.id, now + 5 * HOUR, now)).toBe(true);
    expect(await client.pexpiretime(index)).toBe(now + 5 * HOUR + RESCORE_AFTER);
    expect((await store.listByUser("upkeep-index")).map((r) => r.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
  });
});

// A write re-scores the ledger and the user index only when the deadline moved more than
// rescoreAfter (or earlier): these cases pin down that the lag loses nothing.
describe.each([
  ["standalone", () => client],
  ["cluster", () => cluster],
] as const)("%s: scores that lag behind their deadline", (_name, owner) => {
  const MINUTE = 60_000;

  function setup(userId: string) {
    const clock = { now: Date.now() };
    const store = track(openStore(owner(), { now: () => clock.now }), owner());
    const record = createStoreTestRecord({ userId, expiresAt: clock.now + MINUTE });
    return { clock, store, record };
  }

  async function scores(store: RedisStore, id: string, userId: string) {
    return {
      ledger: Number(await owner().zscore(store.keys.ledger(id), id)),
      index: Number(await owner().zscore(store.keys.user(userId), id)),
    };
  }

  it("a deadline moved by less than rescoreAfter leaves the scores; more, or earlier, re-scores", async () => {
    const { store, record } = setup("lag-rescore");
    await store.set(record, null);
    const small = { ...record, expiresAt: record.expiresAt + MINUTE, version: 2 };
    expect(await store.set(small, 1)).toBe(true);
    const ledgerAfterSmall = (await scores(store, record.id, "lag-rescore")).ledger;
    expect(ledgerAfterSmall).toBe(record.expiresAt);
    expect(await store.touch(record.id, small.expiresAt + MINUTE, small.lastActiveAt)).toBe(true);
    expect((await scores(store, record.id, "lag-rescore")).ledger).toBe(record.expiresAt);
    const far = record.expiresAt + RESCORE_AFTER + MINUTE;
    expect(await store.touch(record.id, far, small.lastActiveAt)).toBe(true);
    expect(await scores(store, record.id, "lag-rescore")).toEqual({ ledger: far, index: far });
    const earlier = { ...small, expiresAt: far - MINUTE, version: 3 };
    expect(await store.set(earlier, 2)).toBe(true);
    expect(await scores(store, record.id, "lag-rescore")).toEqual({
      ledger: earlier.expiresAt,
      index: earlier.expiresAt,
    });
  });

  it("a live session whose scores have passed is still listed, revoked, and not counted by cleanup()", async () => {
    const { clock, store, record } = setup("lag-live");
    await store.set(record, null);
    const extended = { ...record, expiresAt: record.expiresAt + 2 * MINUTE, version: 2 };
    expect(await store.set(extended, 1)).toBe(true);
    // Past the scores (the first deadline), before the session's own deadline.
    clock.now = record.expiresAt + MINUTE;
    expect(await store.listByUser("lag-live")).toEqual([extended]);
    expect(await store.cleanup()).toBe(0);
    // cleanup() scored it exactly, in the ledger and in the user index.
    expect(await scores(store, record.id, "lag-live")).toEqual({
      ledger: extended.expiresAt,
      index: extended.expiresAt,
    });
    expect(await store.destroyByUser("lag-live")).toBe(1);
    expect(await store.get(record.id)).toBeNull();
  });

  it("cleanup() counts a lagging session once it is dead, once", async () => {
    const { clock, store, record } = setup("lag-dead");
    await store.set(record, null);
    const extended = { ...record, expiresAt: record.expiresAt + 2 * MINUTE, version: 2 };
    expect(await store.set(extended, 1)).toBe(true);
    clock.now = extended.expiresAt + 1;
    expect(await store.get(record.id)).toBeNull();
    expect(await store.listByUser("lag-dead")).toEqual([]);
    expect(await store.cleanup()).toBe(1);
    expect(await store.cleanup()).toBe(0);
    expect(await owner().zscore(store.keys.ledger(record.id), record.id)).toBeNull();
  });
});
