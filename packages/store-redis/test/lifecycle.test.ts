import { describeLifecycleConformance } from "@sessionkit/conformance";
import type { Cluster, Redis } from "ioredis";
import { RedisStore } from "../src/index.js";
import { createTestClient, createTestCluster, dropStore } from "./support.js";

let client: Redis;
let cluster: Cluster;

describeLifecycleConformance<RedisStore>("RedisStore (standalone)", {
  beforeAll: () => {
    client = createTestClient();
  },
  afterAll: async () => {
    await client.quit();
  },
  createStore: ({ namespace }) => new RedisStore({ client, prefix: `${namespace}:` }),
  afterEach: (store) => dropStore(store, client),
});

describeLifecycleConformance<RedisStore>("RedisStore (cluster)", {
  beforeAll: () => {
    cluster = createTestCluster();
  },
  afterAll: async () => {
    await cluster.quit();
  },
  createStore: ({ namespace }) => new RedisStore({ client: cluster, prefix: `${namespace}:` }),
  afterEach: (store) => dropStore(store, cluster),
});
