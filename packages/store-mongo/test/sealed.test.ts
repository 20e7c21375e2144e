import { randomBytes } from "node:crypto";
import {
  describeLifecycleConformance,
  describeStoreConformance,
  withSealing,
} from "@sessionkit/conformance";
import { createSessionManager, sealedStore } from "@sessionkit/core";
import type { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MongoStore } from "../src/index.js";
import { createTestClient, dropTestStore, openTestStore, uniqueNamespace } from "./support.js";

// Data sealed at rest (AES-256-GCM, core `sealedStore`) on MongoDB: the store and
// lifecycle suites hold unchanged, and the collection holds neither the token nor the data.
const keys = [randomBytes(32)];
let client: MongoClient;
let lifecycleClient: MongoClient;

describeStoreConformance(
  "MongoStore, sealed",
  withSealing<MongoStore, Parameters<typeof describeStoreConformance<MongoStore>>[1]>(
    {
      beforeAll: async () => {
        client = await createTestClient().connect();
      },
      afterAll: () => client.close(),
      createStore: ({ namespace }) => openTestStore(client, namespace),
      afterEach: dropTestStore,
    },
    keys,
  ),
);

describeLifecycleConformance(
  "MongoStore, sealed",
  withSealing<MongoStore, Parameters<typeof describeLifecycleConformance<MongoStore>>[1]>(
    {
      beforeAll: async () => {
        lifecycleClient = await createTestClient().connect();
      },
      afterAll: () => lifecycleClient.close(),
      createStore: ({ namespace }) => openTestStore(lifecycleClient, namespace),
      afterEach: dropTestStore,
    },
    keys,
  ),
);

describe("sealed sessions in MongoDB, read directly", () => {
  let mongo: MongoClient;
  beforeAll(async () => {
    mongo = await createTestClient().connect();
  });
  afterAll(() => mongo.close());

  it("hold neither the token nor the data; the user stays queryable", async () => {
    const store = await openTestStore(mongo, uniqueNamespace());
    try {
      const secret = `card-${randomBytes(8).toString("hex")}`;
      const sessions = createSessionManager<{ card: string }>({
        secret: "sealed-mongo-secret-0123456789abcdefghi",
        store: sealedStore(store, { keys }),
      });
      const { token: signed } = await sessions.create({ userId: "ada", data: { card: secret } });
      const token = signed.slice(0, signed.lastIndexOf("."));
      const documents = await store.collection.find({}).toArray();
      expect(documents).toHaveLength(1);
      const raw = JSON.stringify(documents);
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(token);
      expect(documents[0]?.userId).toBe("ada");
      expect(JSON.parse(documents[0]?.data as string)).toEqual({
        $sealed: expect.stringMatching(/^v1\./),
      });
      expect((await sessions.get(signed))?.data).toEqual({ card: secret });
    } finally {
      await dropTestStore(store);
    }
  });
});
