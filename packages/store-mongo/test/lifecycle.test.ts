import { describeLifecycleConformance } from "@sessionkit/conformance";
import type { MongoClient } from "mongodb";
import type { MongoStore } from "../src/index.js";
import { createTestClient, dropTestStore, openTestStore } from "./support.js";

let client: MongoClient;

describeLifecycleConformance<MongoStore>("MongoStore", {
  beforeAll: async () => {
    client = await createTestClient().connect();
  },
  afterAll: () => client.close(),
  createStore: ({ namespace }) => openTestStore(client, namespace),
  afterEach: dropTestStore,
});
