import { describeBindingConformance } from "@sessionkit/conformance";
import { MongoStore } from "@sessionkit/store-mongo";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, inject, onTestFinished } from "vitest";
import { expressBindingApp, koaBindingApp } from "./bindings.js";
import { dropCollection, uniqueCollectionName } from "./support.js";

// The shared HTTP binding suite, on both bindings, with sessions in MongoDB: every lifecycle
// rule holds with this store as it does with the memory store the bindings test with.

let client: MongoClient;

beforeAll(async () => {
  client = await new MongoClient(inject("mongoUrl")).connect();
});

afterAll(async () => {
  await client?.close();
});

/** A fresh collection per case, with its indexes as the app creates them, dropped afterwards. */
async function createStore(): Promise<MongoStore> {
  const store = new MongoStore({ client, collectionName: uniqueCollectionName() });
  onTestFinished(() => dropCollection(store));
  await store.ensureIndexes();
  return store;
}

describeBindingConformance("express 5 + MongoStore", {
  createStore,
  createListener: expressBindingApp,
});

describeBindingConformance("koa 3 + MongoStore", {
  createStore,
  createListener: koaBindingApp,
});
