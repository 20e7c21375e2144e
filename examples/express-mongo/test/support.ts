import { randomUUID } from "node:crypto";
import type { MongoStore } from "@sessionkit/store-mongo";
import { MongoServerError } from "mongodb";

/** MongoDB's `NamespaceNotFound`: older servers answer it when dropping a missing collection. */
const NAMESPACE_NOT_FOUND = 26;

/** A collection of its own for one test, so tests never see each other's sessions. */
export function uniqueCollectionName(): string {
  return `sessions_example_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/** Drops the store's collection, so test runs leave nothing behind on the server. */
export async function dropCollection(store: MongoStore): Promise<void> {
  try {
    await store.collection.drop();
  } catch (error) {
    if (!(error instanceof MongoServerError) || error.code !== NAMESPACE_NOT_FOUND) throw error;
  }
}
