import { describeBindingConformance } from "@sessionkit/conformance";
import { RedisStore } from "@sessionkit/store-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, inject, onTestFinished } from "vitest";
import { expressBindingApp, koaBindingApp } from "./bindings.js";
import { dropPrefix, uniquePrefix } from "./support.js";

// The shared HTTP binding suite, on both bindings, with sessions in Redis: every lifecycle
// rule holds with this store as it does with the memory store the bindings test with.

let client: Redis;

beforeAll(async () => {
  client = new Redis(inject("redisUrl"), { lazyConnect: true });
  await client.connect();
});

afterAll(async () => {
  await client?.quit();
});

/** A fresh key prefix per case on the one shared client, its keys deleted afterwards. */
function createStore(): RedisStore {
  const prefix = uniquePrefix();
  onTestFinished(() => dropPrefix(client, prefix));
  return new RedisStore({ client, prefix });
}

describeBindingConformance("express 5 + RedisStore", {
  createStore,
  createListener: expressBindingApp,
});

describeBindingConformance("koa 3 + RedisStore", {
  createStore,
  createListener: koaBindingApp,
});
