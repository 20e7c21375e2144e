import { createStoreTestRecord } from "@sessionkit/conformance";
import { SessionConfigError, type SessionRecord, SessionStoreError } from "@sessionkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore, type MemoryStoreOptions } from "../src/index.js";

const stores: MemoryStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function open(options: MemoryStoreOptions): MemoryStore {
  const store = new MemoryStore({ sweepInterval: 0, ...options });
  stores.push(store);
  return store;
}

const anonymous = (bytes = 0) => createStoreTestRecord({ data: { pad: "x".repeat(bytes) } });
const signedIn = (bytes = 0) =>
  createStoreTestRecord({ userId: "user-1", data: { pad: "x".repeat(bytes) } });

async function held(store: MemoryStore, records: SessionRecord[]): Promise<boolean[]> {
  return Promise.all(records.map(async (r) => (await store.get(r.id)) !== null));
}

describe("MemoryStore bounds", () => {
  it("rejects a bad maxBytes", () => {
    for (const maxBytes of [0, -1, 1.5, Number.NaN]) {
      expect(() => new MemoryStore({ maxBytes })).toThrow(SessionConfigError);
    }
  });

  it("bounds bytes as well as entries: least recently used anonymous sessions go first", async () => {
    const store = open({ maxBytes: 10_000 });
    const records = [anonymous(3_000), anonymous(3_000), anonymous(3_000)];
    for (const record of records) expect(await store.set(record, null)).toBe(true);
    // Reading the first makes the second the least recently used.
    await store.get(records[0]!.id);
    const next = anonymous(3_000);
    expect(await store.set(next, null)).toBe(true);
    expect(await held(store, [...records, next])).toEqual([true, false, true, true]);
    expect(store.bytes).toBeLessThanOrEqual(10_000);
  });

  it("never evicts a signed-in session to make room for an anonymous one", async () => {
    const store = open({ maxEntries: 3 });
    const users = [signedIn(), signedIn(), signedIn()];
    for (const record of users) expect(await store.set(record, null)).toBe(true);
    const error = await store.set(anonymous(), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect((error as Error).message).toMatch(/store is full.*without evicting a signed-in session/);
    expect(await held(store, users)).toEqual([true, true, true]);
    expect(store.size).toBe(3);
  });

  it("evicts anonymous sessions before signed-in ones for a signed-in session", async () => {
    const store = open({ maxEntries: 3 });
    const first = signedIn();
    const guest = anonymous();
    const second = signedIn();
    for (const record of [first, guest, second]) await store.set(record, null);
    const third = signedIn();
    expect(await store.set(third, null)).toBe(true);
    // The guest went although the first signed-in session was used less recently.
    expect(await held(store, [first, guest, second, third])).toEqual([true, false, true, true]);
    const fourth = signedIn();
    expect(await store.set(fourth, null)).toBe(true);
    expect(await held(store, [first, second, third, fourth])).toEqual([false, true, true, true]);
  });

  it("refuses a record larger than maxBytes on its own, leaving the others in place", async () => {
    const store = open({ maxBytes: 5_000 });
    const small = signedIn(100);
    await store.set(small, null);
    const huge = signedIn(10_000);
    await expect(store.set(huge, null)).rejects.toThrow(/even with every other session evicted/);
    expect(await held(store, [small, huge])).toEqual([true, false]);
  });

  it("counts an update by its new size, and a destroy gives the bytes back", async () => {
    const store = open({});
    const record = anonymous(100);
    await store.set(record, null);
    const small = store.bytes;
    await store.set({ ...record, data: { pad: "y".repeat(5_000) }, version: 2 }, 1);
    expect(store.bytes - small).toBe(4_900);
    await store.destroy(record.id);
    expect(store.bytes).toBe(0);
  });
});
