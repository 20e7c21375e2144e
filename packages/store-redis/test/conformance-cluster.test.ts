import { describeStoreConformance } from "@sessionkit/conformance";
import type { Cluster } from "ioredis";
import { RedisStore } from "../src/index.js";
import { REDIS_CAPABILITIES } from "./capabilities.js";
import { createTestCluster, createUnreachableCluster, dropStore } from "./support.js";

let cluster: Cluster;
const unreachable: Cluster[] = [];

describeStoreConformance<RedisStore>("RedisStore (cluster)", {
  beforeAll: () => {
    cluster = createTestCluster();
  },
  afterAll: async () => {
    for (const each of unreachable) each.disconnect();
    await cluster.quit();
  },
  capabilities: REDIS_CAPABILITIES,
  createStore: ({ namespace }) => new RedisStore({ client: cluster, prefix: `${namespace}:` }),
  afterEach: (store) => dropStore(store, cluster),
  createFailingStore: ({ namespace }) => {
    const failing = createUnreachableCluster();
    unreachable.push(failing);
    return new RedisStore({ client: failing, prefix: `${namespace}:` });
  },
});
