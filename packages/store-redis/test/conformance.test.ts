import { describeStoreConformance } from "@sessionkit/conformance";
import type { Redis } from "ioredis";
import { RedisStore } from "../src/index.js";
import { REDIS_CAPABILITIES } from "./capabilities.js";
import { createTestClient, createUnreachableClient, dropStore } from "./support.js";

let client: Redis;
const unreachable: Redis[] = [];

describeStoreConformance<RedisStore>("RedisStore (standalone)", {
  beforeAll: () => {
    client = createTestClient();
  },
  afterAll: async () => {
    for (const each of unreachable) each.disconnect();
    await client.quit();
  },
  capabilities: REDIS_CAPABILITIES,
  createStore: ({ namespace }) => new RedisStore({ client, prefix: `${namespace}:` }),
  afterEach: (store) => dropStore(store, client),
  createFailingStore: ({ namespace }) => {
    const failing = createUnreachableClient();
    unreachable.push(failing);
    return new RedisStore({ client: failing, prefix: `${namespace}:` });
  },
});
