import { createHash } from "node:crypto";
import { createExpiredStoreTestRecord, createStoreTestRecord } from "@sessionkit/conformance";
import { createSessionManager, SessionConfigError, SessionStoreError } from "@sessionkit/core";
import { type MongoClient, MongoServerSelectionError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MongoStore, type SessionDocument } from "../src/index.js";
import {
  collectionNameFor,
  createTestClient,
  createUnreachableClient,
  dropTestStore,
  openTestStore,
  uniqueNamespace,
} from "./support.js";

const HOUR = 3_600_000;

let client: MongoClient;

beforeAll(async () => {
  client = await createTestClient().connect();
});

afterAll(async () => {
  await client.close();
});

/** Runs `body` with a fresh store in its own collection, and drops the collection afterwards. */
async function withStore(body: (store: MongoStore) => Promise<void>): Promise<void> {
  const store = await openTestStore(client, uniqueNamespace());
  try {
    await body(store);
  } finally {
    await dropTestStore(store);
  }
}

describe("ensureIndexes", () => {
  it("creates the TTL index on expiresAt and the userId index, and is idempotent", async () => {
    await withStore(async (store) => {
      await store.ensureIndexes();
      await store.ensureIndexes();
      const indexes = await store.collection.listIndexes().toArray();
      const byKey = new Map(indexes.map((index) => [JSON.stringify(index.key), index]));
      expect(indexes).toHaveLength(6);
      expect(byKey.get('{"_id":1}')).toBeDefined();
      expect(byKey.get('{"expiresAt":1}')).toMatchObject({
        name: "expiresAt_1",
        expireAfterSeconds: 0,
      });
      expect(byKey.get('{"userId":1,"lastActiveAt":-1}')).toMatchObject({
        name: "userId_1_lastActiveAt_-1",
      });
      expect(byKey.get('{"userId":1,"lastActiveAt":-1}')?.expireAfterSeconds).toBeUndefined();
    });
  });
});

describe("stored documents", () => {
  it("keys the document by the hashed id and never stores the raw token", async () => {
    await withStore(async (store) => {
      // Through the manager, as an app uses the store: the test never hashes anything itself
      // before the store sees it, so a store (or manager) writing the token would be caught.
      const sessions = createSessionManager<{ cart?: string[] }>({
        secret: "mongo-raw-token-secret-0123456789abcdef",
        store,
      });
      const { token: signed } = await sessions.create({ userId: "user-1", data: { cart: ["a"] } });
      const token = signed.slice(0, signed.lastIndexOf("."));
      const loaded = await sessions.load({
        header: (name) => (name === "cookie" ? `sid=${signed}` : undefined),
        secure: false,
      });
      loaded.data.cart = ["a", "b"];
      await sessions.commit(loaded);

      const documents = await store.collection.find({}).toArray();
      // Known answer: the key is SHA-256 of the token, base64url, computed here independently.
      const expected = createHash("sha256").update(token, "utf8").digest("base64url");
      expect(documents.map((document) => document._id)).toEqual([expected]);
      expect(JSON.parse(documents[0]?.data as string)).toEqual({ cart: ["a", "b"] });
      const stored = JSON.stringify(documents);
      expect(stored).not.toContain(token);
      // Not even a part of it: every 12-character window of the token is absent.
      for (let i = 0; i + 12 <= token.length; i++) {
        expect(stored).not.toContain(token.slice(i, i + 12));
      }
    });
  });

  it("stores data as JSON text, expiresAt as a Date and the other timestamps as numbers", async () => {
    await withStore(async (store) => {
      const record = createStoreTestRecord({
        data: { "a.b": { $c: 1 } },
        meta: { ip: "192.0.2.8" },
      });
      await store.set(record, null);
      const document = await store.collection.findOne({ _id: record.id });
      expect(document?.data).toBe('{"a.b":{"$c":1}}');
      expect(document?.expiresAt).toBeInstanceOf(Date);
      expect(document?.expiresAt.getTime()).toBe(record.expiresAt);
      expect(document?.createdAt).toBe(record.createdAt);
      expect(document?.lastActiveAt).toBe(record.lastActiveAt);
      // Unset meta fields are left out, not written as null.
      expect(document?.meta).toEqual({ ip: "192.0.2.8" });
      expect(Object.keys(document?.meta ?? {})).toEqual(["ip"]);
    });
  });
});

describe("create over an existing id", () => {
  it("replaces an expired record after the duplicate key error", async () => {
    await withStore(async (store) => {
      const expired = createExpiredStoreTestRecord({ data: { old: true } });
      expect(await store.set(expired, null)).toBe(true);
      const fresh = createStoreTestRecord({ id: expired.id, data: { fresh: true } });
      expect(await store.set(fresh, null)).toBe(true);
      expect(await store.get(fresh.id)).toEqual(fresh);
      expect(await store.collection.countDocuments({ _id: fresh.id })).toBe(1);
    });
  });

  it("refuses to replace a live record and leaves it unchanged", async () => {
    await withStore(async (store) => {
      const live = createStoreTestRecord({ data: { first: true } });
      expect(await store.set(live, null)).toBe(true);
      const intruder = createStoreTestRecord({ id: live.id, data: { second: true } });
      expect(await store.set(intruder, null)).toBe(false);
      expect(await store.get(live.id)).toEqual(live);
    });
  });
});

describe("clock", () => {
  it("judges liveness by the `now` option, not by the database's clock", async () => {
    await withStore(async (writer) => {
      const record = createStoreTestRecord({ userId: "user-clock" });
      await writer.set(record, null);
      const later = new MongoStore({
        collection: writer.collection,
        now: () => record.expiresAt,
      });
      expect(await later.get(record.id)).toBeNull();
      expect(await later.touch(record.id, record.expiresAt + HOUR, record.expiresAt)).toBe(false);
      expect(await later.listByUser("user-clock")).toEqual([]);
      expect(await later.set({ ...record, version: 2 }, 1)).toBe(false);
      expect(await writer.get(record.id)).toEqual(record);
      expect(await later.cleanup()).toBe(1);
      expect(await writer.get(record.id)).toBeNull();
    });
  });
});

describe("options", () => {
  it("uses the collection, database or client it is given, never another", async () => {
    const namespace = uniqueNamespace();
    const name = collectionNameFor(namespace);
    const collection = client.db().collection<SessionDocument>(name);
    const stores = [
      new MongoStore({ collection }),
      new MongoStore({ db: client.db(), collectionName: name }),
      new MongoStore({ client, collectionName: name }),
      new MongoStore({ client, dbName: client.db().databaseName, collectionName: name }),
    ];
    try {
      for (const [index, store] of stores.entries()) {
        const record = createStoreTestRecord({ data: { index } });
        expect(await store.set(record, null)).toBe(true);
        expect(await collection.countDocuments({ _id: record.id })).toBe(1);
      }
    } finally {
      await collection.drop();
    }
  });

  it('defaults the collection name to "sessions"', async () => {
    const db = client.db(`sk_db_${uniqueNamespace()}`);
    try {
      const store = new MongoStore({ db });
      const record = createStoreTestRecord();
      await store.set(record, null);
      expect(
        await db.collection<SessionDocument>("sessions").countDocuments({ _id: record.id }),
      ).toBe(1);
      expect(new MongoStore({ client, dbName: db.databaseName }).collection.collectionName).toBe(
        "sessions",
      );
    } finally {
      await db.dropDatabase();
    }
  });

  it("rejects options without a collection, database or client", () => {
    expect(() => new MongoStore({} as never)).toThrow(SessionConfigError);
    expect(() => new MongoStore({ client, collectionName: "" })).toThrow(SessionConfigError);
    expect(() => new MongoStore({ client, now: 5 as never })).toThrow(SessionConfigError);
  });
});

describe("close", () => {
  it("rejects later calls with SessionStoreError and leaves the application's client open", async () => {
    const store = await openTestStore(client, uniqueNamespace());
    await store.close();
    await store.close();
    const error = await store.get(createStoreTestRecord().id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toMatchObject({ operation: "get", storeName: "store-mongo" });
    await expect(client.db().command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    await dropTestStore(store);
  });
});

describe("failures", () => {
  it("wraps the driver's error as the cause of a SessionStoreError", async () => {
    const unreachable = createUnreachableClient();
    try {
      const store = new MongoStore({ client: unreachable });
      const error = await store
        .set(createStoreTestRecord(), null)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SessionStoreError);
      expect(error).toMatchObject({ operation: "set", storeName: "store-mongo" });
      expect((error as SessionStoreError).cause).toBeInstanceOf(MongoServerSelectionError);
    } finally {
      await unreachable.close();
    }
  });
});
