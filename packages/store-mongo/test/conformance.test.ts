import { describeStoreConformance } from "@sessionkit/conformance";
import type { MongoClient } from "mongodb";
import { MongoStore } from "../src/index.js";
import {
  collectionNameFor,
  createTestClient,
  createUnreachableClient,
  dropTestStore,
  openTestStore,
} from "./support.js";

let client: MongoClient;
const unreachable: MongoClient[] = [];

describeStoreConformance<MongoStore>("MongoStore", {
  beforeAll: async () => {
    client = await createTestClient().connect();
  },
  afterAll: async () => {
    await Promise.all([client, ...unreachable].map((each) => each.close()));
  },
  createStore: ({ namespace }) => openTestStore(client, namespace),
  afterEach: dropTestStore,
  createFailingStore: ({ namespace }) => {
    const failing = createUnreachableClient();
    unreachable.push(failing);
    return new MongoStore({ client: failing, collectionName: collectionNameFor(namespace) });
  },
});
