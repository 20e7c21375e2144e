import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createSessionManager,
  SessionConfigError,
  type SessionRecord,
  sealedStore,
} from "../src/index.js";
import { MapStore } from "./map-store.js";

const keyA = randomBytes(32);
const keyB = randomBytes(32).toString("base64");

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return {
    id: randomBytes(32).toString("base64url"),
    userId: "ada",
    data: { card: "4111 1111 1111 1111", nested: { list: [1, "two"] } },
    createdAt: now,
    lastActiveAt: now,
    expiresAt: now + 60_000,
    meta: { userAgent: "test/1", ip: "192.0.2.1", tenantId: "t1" },
    version: 1,
    ...overrides,
  };
}

describe("sealedStore", () => {
  it("stores only an envelope: no data in the clear, userId, meta and times queryable", async () => {
    const inner = new MapStore();
    const store = sealedStore(inner, { keys: [keyA] });
    const written = record();
    expect(await store.set(written, null)).toBe(true);
    const raw = inner.records.get(written.id)!;
    expect(JSON.stringify(raw)).not.toContain("4111");
    expect(Object.keys(raw.data)).toEqual(["$sealed"]);
    expect(raw).toMatchObject({ userId: "ada", meta: written.meta, expiresAt: written.expiresAt });
    expect(await store.get(written.id)).toEqual(written);
    expect(await store.listByUser?.("ada")).toEqual([written]);
  });

  it("rotates without logging anyone out: new key first, old sessions still open", async () => {
    const inner = new MapStore();
    const old = record();
    await sealedStore(inner, { keys: [keyA] }).set(old, null);
    const rotated = sealedStore(inner, { keys: [keyB, keyA] });
    expect(await rotated.get(old.id)).toEqual(old);
    // Rewritten under the new key: a store holding only the new key opens it.
    await rotated.set({ ...old, data: { v: 2 }, version: 2 }, 1);
    const onlyNew = sealedStore(inner, { keys: [keyB] });
    expect((await onlyNew.get(old.id))?.data).toEqual({ v: 2 });
    expect(await sealedStore(inner, { keys: [keyA] }).get(old.id)).toBeNull();
  });

  it("reads a tampered envelope, one moved to another id, or an unknown key as missing", async () => {
    const inner = new MapStore();
    const store = sealedStore(inner, { keys: [keyA] });
    const a = record();
    const b = record();
    await store.set(a, null);
    await store.set(b, null);
    const envelopeOf = (id: string) => (inner.records.get(id)!.data as { $sealed: string }).$sealed;
    // b's data replaced by a's envelope: authenticated with a's id, it does not open under b.
    inner.records.set(b.id, { ...inner.records.get(b.id)!, data: { $sealed: envelopeOf(a.id) } });
    expect(await store.get(b.id)).toBeNull();
    const envelope = envelopeOf(a.id);
    // One bit of the second-to-last character flipped (every bit of it is significant).
    const flipped = `${envelope.slice(0, -2)}${envelope.at(-2) === "A" ? "B" : "A"}${envelope.slice(-1)}`;
    expect(flipped).not.toBe(envelope);
    inner.records.set(a.id, { ...inner.records.get(a.id)!, data: { $sealed: flipped } });
    expect(await store.get(a.id)).toBeNull();
    expect(await sealedStore(inner, { keys: [keyB] }).get(a.id)).toBeNull();
    expect(await store.listByUser?.("ada")).toEqual([]);
  });

  it("refuses unsealed records unless allowUnsealed, which seals them on their next write", async () => {
    const inner = new MapStore();
    const plain = record();
    await inner.set(plain, null);
    expect(await sealedStore(inner, { keys: [keyA] }).get(plain.id)).toBeNull();
    const migrating = sealedStore(inner, { keys: [keyA], allowUnsealed: true });
    expect(await migrating.get(plain.id)).toEqual(plain);
    await migrating.set({ ...plain, version: 2 }, 1);
    expect(JSON.stringify(inner.records.get(plain.id))).not.toContain("4111");
  });

  it("a session whose envelope does not open gets a fresh anonymous session, not an error", async () => {
    const inner = new MapStore();
    const secret = "sealed-store-secret-0123456789abcdefgh";
    const sessions = createSessionManager({ secret, store: sealedStore(inner, { keys: [keyA] }) });
    const { token } = await sessions.create({ userId: "ada", data: { a: 1 } });
    const reopened = createSessionManager({ secret, store: sealedStore(inner, { keys: [keyB] }) });
    const session = await reopened.load({
      header: (name) => (name === "cookie" ? `sid=${token}` : undefined),
      secure: false,
    });
    expect(session.isNew).toBe(true);
    expect(session.userId).toBeNull();
  });

  it("keeps the store's capabilities: no listByUser where the store has none", () => {
    const bare = {
      get: async () => null,
      set: async () => true,
      touch: async () => false,
      destroy: async () => {},
    };
    const store = sealedStore(bare, { keys: [keyA] });
    expect(store.listByUser).toBeUndefined();
    expect(store.cleanup).toBeUndefined();
  });

  it.each([[[]], [[randomBytes(16)]], [["c2hvcnQ="]], [[keyA, randomBytes(31)]]])(
    "rejects keys %# with a SessionConfigError",
    (keys) => {
      expect(() => sealedStore(new MapStore(), { keys })).toThrow(SessionConfigError);
    },
  );
});
