import { randomBytes } from "node:crypto";
import {
  describeLifecycleConformance,
  describeStoreConformance,
  withSealing,
} from "@sessionkit/conformance";
import { createSessionManager, sealedStore } from "@sessionkit/core";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../src/index.js";
import { REDIS_CAPABILITIES } from "./capabilities.js";
import { createTestClient, dropStore, keysUnder, uniquePrefix } from "./support.js";

// Data sealed at rest (AES-256-GCM, core `sealedStore`) on Redis: the store and
// lifecycle suites hold unchanged, and Redis holds neither the token nor the data.
const keys = [randomBytes(32)];
let client: Redis;
let lifecycleClient: Redis;

describeStoreConformance(
  "RedisStore (standalone), sealed",
  withSealing<RedisStore, Parameters<typeof describeStoreConformance<RedisStore>>[1]>(
    {
      beforeAll: () => {
        client = createTestClient();
      },
      afterAll: async () => {
        await client.quit();
      },
      capabilities: REDIS_CAPABILITIES,
      createStore: ({ namespace }) => new RedisStore({ client, prefix: `${namespace}:` }),
      afterEach: (store) => dropStore(store, client),
    },
    keys,
  ),
);

describeLifecycleConformance(
  "RedisStore (standalone), sealed",
  withSealing<RedisStore, Parameters<typeof describeLifecycleConformance<RedisStore>>[1]>(
    {
      beforeAll: () => {
        lifecycleClient = createTestClient();
      },
      afterAll: async () => {
        await lifecycleClient.quit();
      },
      createStore: ({ namespace }) =>
        new RedisStore({ client: lifecycleClient, prefix: `${namespace}:` }),
      afterEach: (store) => dropStore(store, lifecycleClient),
    },
    keys,
  ),
);

describe("sealed sessions in Redis, read directly", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = createTestClient();
  });
  afterAll(() => redis.quit());

  it("hold neither the token nor the data; the user index still works", async () => {
    const store = new RedisStore({ client: redis, prefix: uniquePrefix() });
    try {
      const secret = `card-${randomBytes(8).toString("hex")}`;
      const sessions = createSessionManager<{ card: string }>({
        secret: "sealed-redis-secret-0123456789abcdefghi",
        store: sealedStore(store, { keys }),
      });
      const { token: signed } = await sessions.create({ userId: "ada", data: { card: secret } });
      const token = signed.slice(0, signed.lastIndexOf("."));
      const everything: Record<string, unknown> = {};
      for (const key of await keysUnder(redis, store.keys.prefix)) {
        const type = await redis.type(key);
        everything[key] =
          type === "hash"
            ? await redis.hgetall(key)
            : type === "zset"
              ? await redis.zrange(key, 0, -1, "WITHSCORES")
              : await redis.dump(key);
      }
      const raw = JSON.stringify(everything);
      expect(Object.keys(everything).length).toBeGreaterThan(0);
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(token);
      expect(raw).toContain('\\"$sealed\\":\\"v1.');
      expect((await sessions.get(signed))?.data).toEqual({ card: secret });
      expect(await sessions.listByUser("ada")).toHaveLength(1);
    } finally {
      await dropStore(store, redis);
    }
  });
});
