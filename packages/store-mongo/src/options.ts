import type { Collection, Db, Document, MongoClient } from "mongodb";
import type { SessionDocument } from "./document.js";

/** Options every form of {@link MongoStoreOptions} accepts. */
export interface MongoStoreCommonOptions {
  /**
   * The clock that decides liveness, in epoch ms. Liveness is judged by the application's
   * clock, not the database's, so `get` agrees with the core that wrote `expiresAt`.
   * @default Date.now
   */
  now?: () => number;
}

/** A collection the application already holds. */
export interface MongoStoreCollectionOptions extends MongoStoreCommonOptions {
  collection: Collection<SessionDocument> | Collection<Document>;
}

/** A connected client; the store uses one collection of one of its databases. */
export interface MongoStoreClientOptions extends MongoStoreCommonOptions {
  client: MongoClient;
  /** @default the database named in the connection string (the driver's default) */
  dbName?: string;
  /** @default "sessions" */
  collectionName?: string;
}

/** A database handle; the store uses one of its collections. */
export interface MongoStoreDbOptions extends MongoStoreCommonOptions {
  db: Db;
  /** @default "sessions" */
  collectionName?: string;
}

/**
 * Where `MongoStore` keeps sessions. The application owns the client, database or collection:
 * the store never connects or closes it.
 */
export type MongoStoreOptions =
  | MongoStoreCollectionOptions
  | MongoStoreClientOptions
  | MongoStoreDbOptions;
