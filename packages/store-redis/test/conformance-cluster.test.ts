import { describeStoreConformance } from "@sessionkit/conformance";
import type { Cluster } from "ioredis";
import { RedisStore } from "../src/index.js";
import { createTestCluster, dropStore } from "./support.js";

let cluster: Cluster;

// The failure cases run once, against standalone (conformance.test.ts): a failing client is the
// same ioredis code path whether it would have been a cluster or not.
describeStoreConformance<RedisStore>("RedisStore (cluster)", {
  beforeAll: () => {
    cluster = createTestCluster();
  },
  afterAll: async () => {
    await cluster.quit();
  },
  createStore: ({ namespace }) => new RedisStore({ client: cluster, prefix: `${namespace}:` }),
  afterEach: (store) => dropStore(store, cluster),
});
