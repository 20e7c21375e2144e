import { randomBytes } from "node:crypto";
import { SessionConfigError, type SessionRecord, SessionStoreError } from "@sessionkit/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStore, type MemoryStoreOptions } from "./memory-store.js";

const START = Date.UTC(2030, 0, 1);
const HOUR = 3_600_000;

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: randomBytes(32).toString("base64url"),
    userId: null,
    data: {},
    createdAt: START,
    lastActiveAt: START,
    expiresAt: START + HOUR,
    meta: {},
    version: 1,
    ...overrides,
  };
}

/** A store on a hand-moved clock, with no sweep timer unless asked for. */
function storeAt(options: MemoryStoreOptions = {}) {
  const clock = { now: START };
  const store = new MemoryStore({ sweepInterval: 0, now: () => clock.now, ...options });
  return { store, clock };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("MemoryStore options", () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects maxEntries %s with a SessionConfigError",
    (maxEntries) => {
      const error = (() => {
        try {
          new MemoryStore({ maxEntries });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(SessionConfigError);
      expect((error as SessionConfigError).option).toBe("maxEntries");
    },
  );

  it.each([-1, Number.NaN, 2 ** 31])("rejects sweepInterval %s", (sweepInterval) => {
    expect(() => new MemoryStore({ sweepInterval })).toThrow(SessionConfigError);
  });

  it("rejects a clock that is not a function", () => {
    const now = 123 as unknown as () => number;
    expect(() => new MemoryStore({ now })).toThrow(SessionConfigError);
  });
});

describe("MemoryStore bound", () => {
  it("never holds more than maxEntries records", async () => {
    const { store } = storeAt({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) await store.set(record(), null);
    expect(store.size).toBe(3);
  });

  it("evicts the least recently written record first", async () => {
    const { store } = storeAt({ maxEntries: 2 });
    const [a, b, c] = [record(), record(), record()];
    await store.set(a, null);
    await store.set(b, null);
    await store.set(c, null);
    expect(await store.get(a.id)).toBeNull();
    expect(await store.get(b.id)).toEqual(b);
    expect(await store.get(c.id)).toEqual(c);
  });

  it("counts a read, a touch or an update as use", async () => {
    const { store } = storeAt({ maxEntries: 3 });
    const [a, b, c, d, e, f] = Array.from({ length: 6 }, () => record());
    for (const r of [a!, b!, c!]) await store.set(r, null);
    await store.get(a!.id); // recency, oldest first: b c a
    await store.set(d!, null); // evicts b: c a d
    expect(await store.get(b!.id)).toBeNull();
    await store.touch(c!.id, START + HOUR, START + 1); // a d c
    await store.set(e!, null); // evicts a: d c e
    expect(await store.get(a!.id)).toBeNull();
    await store.set({ ...d!, version: 2 }, 1); // c e d
    await store.set(f!, null); // evicts c: e d f
    expect(await store.get(c!.id)).toBeNull();
    for (const r of [d!, e!, f!]) expect(await store.get(r.id)).not.toBeNull();
  });

  it("drops an evicted record from its user's list", async () => {
    const { store } = storeAt({ maxEntries: 1 });
    const first = record({ userId: "u1" });
    await store.set(first, null);
    await store.set(record({ userId: "u2" }), null);
    expect(await store.listByUser("u1")).toEqual([]);
    expect(await store.destroyByUser("u1")).toBe(0);
  });
});

describe("MemoryStore expiry", () => {
  it("judges expiry by the injected clock, at the deadline itself", async () => {
    const { store, clock } = storeAt();
    const r = record({ expiresAt: START + 1_000 });
    await store.set(r, null);
    clock.now = START + 999;
    expect(await store.get(r.id)).toEqual(r);
    clock.now = START + 1_000;
    expect(await store.get(r.id)).toBeNull();
  });

  it("sweeps expired records on its timer", async () => {
    vi.useFakeTimers({ now: START });
    const { store, clock } = storeAt({ sweepInterval: 60_000 });
    await store.set(record({ expiresAt: START + 1_000, userId: "u1" }), null);
    await store.set(record({ expiresAt: START + HOUR }), null);
    clock.now = START + 2_000;
    expect(store.size).toBe(2);
    vi.advanceTimersByTime(60_000);
    expect(store.size).toBe(1);
    expect(await store.cleanup()).toBe(0);
    expect(await store.listByUser("u1")).toEqual([]);
    await store.close();
  });

  it("starts no timer when sweepInterval is 0", () => {
    const setInterval = vi.spyOn(globalThis, "setInterval");
    new MemoryStore({ sweepInterval: 0 });
    expect(setInterval).not.toHaveBeenCalled();
  });

  it("never keeps the process alive: its timer is unref'd", async () => {
    const setInterval = vi.spyOn(globalThis, "setInterval");
    const store = new MemoryStore({ sweepInterval: 1_000 });
    expect(setInterval).toHaveBeenCalledTimes(1);
    const timer = setInterval.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    const clearInterval = vi.spyOn(globalThis, "clearInterval");
    await store.close();
    expect(clearInterval).toHaveBeenCalledWith(timer);
  });
});

describe("MemoryStore close", () => {
  it("is idempotent", async () => {
    const store = new MemoryStore();
    await expect(store.close()).resolves.toBeUndefined();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it("makes every later call reject with a SessionStoreError naming the operation", async () => {
    const store = new MemoryStore();
    const r = record({ userId: "u1" });
    await store.set(r, null);
    await store.close();
    const calls = {
      get: () => store.get(r.id),
      set: () => store.set(r, null),
      touch: () => store.touch(r.id, START + HOUR, START),
      destroy: () => store.destroy(r.id),
      listByUser: () => store.listByUser("u1"),
      destroyByUser: () => store.destroyByUser("u1"),
      cleanup: () => store.cleanup(),
    };
    for (const [operation, call] of Object.entries(calls)) {
      const error = await call().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, operation).toBeInstanceOf(SessionStoreError);
      expect((error as SessionStoreError).code).toBe("ERR_SESSION_STORE");
      expect((error as SessionStoreError).operation).toBe(operation);
      expect((error as SessionStoreError).storeName).toBe("store-memory");
    }
  });
});

describe("MemoryStore copies", () => {
  it("keeps data as JSON, as the database stores do: a Date comes back as its ISO string", async () => {
    const { store } = storeAt();
    const when = new Date(START);
    const r = record({ data: { when, nested: { list: [1, "two"] } } });
    await store.set(r, null);
    const read = await store.get(r.id);
    expect(read?.data).toEqual({ when: when.toISOString(), nested: { list: [1, "two"] } });
  });
});
