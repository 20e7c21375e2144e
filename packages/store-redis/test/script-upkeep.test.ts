import { createStoreTestRecord } from "@sessionkit/conformance";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisStore } from "../src/index.js";
import { bucketOf } from "../src/keys.js";
import { createTestClient, dropStore, openStore } from "./support.js";

// The write script updates the hash in place (no DEL) and keeps the deadlines of the ledger
// and user-index keys with PEXPIREAT … GT/NX instead of reading their latest member: these
// cases pin down what that must still guarantee.

const HOUR = 3_600_000;
const RETENTION = 3_600_000;
let client: Redis;
const stores: RedisStore[] = [];

function track(store: RedisStore): RedisStore {
  stores.push(store);
  return store;
}

beforeAll(() => {
  client = createTestClient();
});

afterAll(async () => {
  for (const store of stores) await dropStore(store, client);
  await client.quit();
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
      ["createdAt", "data", "expiresAt", "lastActiveAt", "meta", "version"].sort(),
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
    expect(await client.pexpiretime(ledger)).toBe(late.expiresAt + RETENTION);
    await store.set(early, null);
    expect(await store.set({ ...early, expiresAt: now + 2 * HOUR, version: 2 }, 1)).toBe(true);
    expect(await client.pexpiretime(ledger)).toBe(late.expiresAt + RETENTION);
    const later = { ...early, expiresAt: now + 20 * HOUR, version: 3 };
    expect(await store.set(later, 2)).toBe(true);
    expect(await client.pexpiretime(ledger)).toBe(later.expiresAt + RETENTION);
  });

  it("a user index lives as long as the user's latest session, also after a touch", async () => {
    const store = track(openStore(client));
    const now = Date.now();
    const first = createStoreTestRecord({ userId: "upkeep-index", expiresAt: now + HOUR });
    const second = createStoreTestRecord({ userId: "upkeep-index", expiresAt: now + 3 * HOUR });
    const index = store.keys.user("upkeep-index");
    await store.set(first, null);
    expect(await client.pexpiretime(index)).toBe(first.expiresAt);
    await store.set(second, null);
    expect(await client.pexpiretime(index)).toBe(second.expiresAt);
    expect(await store.touch(first.id, now + 5 * HOUR, now)).toBe(true);
    expect(await client.pexpiretime(index)).toBe(now + 5 * HOUR);
    expect((await store.listByUser("upkeep-index")).map((r) => r.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
  });
});
