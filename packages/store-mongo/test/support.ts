import { randomUUID } from "node:crypto";
import { MongoClient, type MongoClientOptions, MongoServerError } from "mongodb";
import { inject } from "vitest";
import { MongoStore } from "../src/index.js";

/** MongoDB's `NamespaceNotFound`: older servers answer it when dropping a missing collection. */
const NAMESPACE_NOT_FOUND = 26;

/** A client for the server the global setup checked (`MONGO_URL`, or the one `pnpm services` starts). */
export function createTestClient(options: MongoClientOptions = {}): MongoClient {
  return new MongoClient(inject("mongoUrl"), options);
}

/** The collection name of one test's namespace. */
export function collectionNameFor(namespace: string): string {
  return `sessions_${namespace}`;
}

/** A store in its own collection, with its indexes, as an application would set it up. */
export async function openTestStore(client: MongoClient, namespace: string): Promise<MongoStore> {
  const store = new MongoStore({ client, collectionName: collectionNameFor(namespace) });
  await store.ensureIndexes();
  return store;
}

/** Drops the store's collection, so test runs leave nothing behind on the server. */
export async function dropTestStore(store: MongoStore): Promise<void> {
  await store.close();
  try {
    await store.collection.drop();
  } catch (error) {
    if (!(error instanceof MongoServerError) || error.code !== NAMESPACE_NOT_FOUND) throw error;
  }
}

/**
 * A store whose every call fails fast: its client points at a port nothing listens on
 * (port 9 is the discard service, not run here), with a short server selection timeout.
 */
export function createUnreachableClient(): MongoClient {
  return new MongoClient("mongodb://127.0.0.1:9/sessionkit", {
    serverSelectionTimeoutMS: 300,
    connectTimeoutMS: 300,
  });
}

/** A namespace of the same shape as the conformance suite's: short, `[a-z0-9_]` only. */
export function uniqueNamespace(): string {
  return `t_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
}
