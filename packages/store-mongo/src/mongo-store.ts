import {
  assertStoreId,
  parseListQuery,
  SessionConfigError,
  type SessionListPage,
  type SessionListQuery,
  type SessionRecord,
  type SessionStore,
  SessionStoreError,
  type StoreOperation,
  storeCall,
  toListPage,
} from "@sessionkit/core";
import { type Collection, type Filter, MongoServerError } from "mongodb";
import { fromDocument, type SessionDocument, toDocument } from "./document.js";
import { ensureSessionIndexes } from "./indexes.js";
import type { MongoStoreOptions } from "./options.js";

const STORE_NAME = "store-mongo";
const DEFAULT_COLLECTION_NAME = "sessions";
/** MongoDB's duplicate key error code (https://www.mongodb.com/docs/manual/reference/error-codes/). */
const DUPLICATE_KEY = 11000;

/**
 * Session store on MongoDB (or a MongoDB-compatible server such as FerretDB), through the
 * official `mongodb` driver. One document per session, keyed by the record id; every operation
 * is one command, except a create over an expired record (two).
 *
 * Liveness is decided in every query (`expiresAt > now`), so an expired session is never
 * returned even though the TTL monitor deletes it up to a minute late. Call
 * {@link MongoStore.ensureIndexes} once at start-up.
 *
 * @example
 * const client = new MongoClient(process.env.MONGO_URL ?? "mongodb://127.0.0.1:27017/app");
 * const store = new MongoStore({ client });
 * await store.ensureIndexes();
 */
export class MongoStore implements SessionStore {
  readonly name: string = STORE_NAME;
  /** The collection the sessions live in, for administration and migrations. */
  readonly collection: Collection<SessionDocument>;
  readonly #now: () => number;
  #closed = false;

  /** @throws SessionConfigError when no collection, client or database is given. */
  constructor(options: MongoStoreOptions) {
    this.collection = resolveCollection(options);
    const now = options.now ?? Date.now;
    if (typeof now !== "function") {
      throw new SessionConfigError("now", "must be a function returning epoch milliseconds");
    }
    this.#now = now;
  }

  /**
   * Creates the TTL index on `expiresAt` (`expireAfterSeconds: 0`) and the
   * `{ userId: 1, lastActiveAt: -1 }` index that `listByUser` and `destroyByUser` use.
   * Idempotent; run it once at start-up or from a migration. Driver errors are rethrown as they
   * are (this is set-up, not a session operation).
   */
  async ensureIndexes(): Promise<void> {
    return ensureSessionIndexes(this.collection);
  }

  async get(id: string): Promise<SessionRecord | null> {
    assertStoreId(STORE_NAME, "get", "id", id);
    this.#assertOpen("get");
    const document = await storeCall(STORE_NAME, "get", () =>
      this.collection.findOne({ _id: id, ...this.#live() }),
    );
    return document === null ? null : fromDocument(document);
  }

  async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    assertStoreId(STORE_NAME, "set", "record.id", record.id);
    if (record.userId !== null) assertStoreId(STORE_NAME, "set", "record.userId", record.userId);
    this.#assertOpen("set");
    const document = toDocument(record);
    return storeCall(STORE_NAME, "set", () =>
      expectedVersion === null ? this.#create(document) : this.#update(document, expectedVersion),
    );
  }

  async touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    assertStoreId(STORE_NAME, "touch", "id", id);
    this.#assertOpen("touch");
    // `$set` of these two fields only: a touch racing an update can never undo its data.
    const result = await storeCall(STORE_NAME, "touch", () =>
      this.collection.updateOne(
        { _id: id, ...this.#live() },
        { $set: { expiresAt: new Date(expiresAt), lastActiveAt } },
      ),
    );
    return result.matchedCount === 1;
  }

  async destroy(id: string): Promise<void> {
    assertStoreId(STORE_NAME, "destroy", "id", id);
    this.#assertOpen("destroy");
    await storeCall(STORE_NAME, "destroy", () => this.collection.deleteOne({ _id: id }));
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    assertStoreId(STORE_NAME, "listByUser", "userId", userId);
    this.#assertOpen("listByUser");
    const documents = await storeCall(STORE_NAME, "listByUser", () =>
      this.collection
        .find({ userId, ...this.#live() })
        .sort({ lastActiveAt: -1 })
        .toArray(),
    );
    return documents.map(fromDocument);
  }

  /**
   * A page of live sessions, newest first by (`createdAt`, `_id`), served by the
   * `{ createdAt: -1, _id: -1 }` index (and `userId` / `meta.tenantId` ones for the filters).
   */
  async listSessions(query: SessionListQuery): Promise<SessionListPage> {
    const { limit, after, userId, tenantId } = parseListQuery(STORE_NAME, query);
    this.#assertOpen("listSessions");
    const filter: Filter<SessionDocument> = { ...this.#live() };
    if (userId !== undefined) filter.userId = userId;
    if (tenantId !== undefined) (filter as Record<string, unknown>)["meta.tenantId"] = tenantId;
    if (after !== null) {
      filter.$or = [
        { createdAt: { $lt: after.createdAt } },
        { createdAt: after.createdAt, _id: { $lt: after.id } },
      ];
    }
    const documents = await storeCall(STORE_NAME, "listSessions", () =>
      this.collection
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit + 1)
        .toArray(),
    );
    return toListPage(documents.map(fromDocument), limit);
  }

  async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    assertStoreId(STORE_NAME, "destroyByUser", "userId", userId);
    if (exceptId !== undefined) assertStoreId(STORE_NAME, "destroyByUser", "exceptId", exceptId);
    this.#assertOpen("destroyByUser");
    // Only live sessions are deleted and counted; expired ones are already gone as far as
    // anyone can tell, and the TTL monitor or `cleanup()` removes them.
    const filter: Filter<SessionDocument> = { userId, ...this.#live() };
    if (exceptId !== undefined) filter._id = { $ne: exceptId };
    const result = await storeCall(STORE_NAME, "destroyByUser", () =>
      this.collection.deleteMany(filter),
    );
    return result.deletedCount;
  }

  async cleanup(): Promise<number> {
    this.#assertOpen("cleanup");
    const result = await storeCall(STORE_NAME, "cleanup", () =>
      this.collection.deleteMany({ expiresAt: { $lte: new Date(this.#now()) } }),
    );
    return result.deletedCount;
  }

  /**
   * Marks the store closed: later calls reject with `SessionStoreError`. The client belongs to
   * the application and stays open. Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
  }

  /** Creates the record if its id is free or holds only an expired record. */
  async #create(document: SessionDocument): Promise<boolean> {
    try {
      await this.collection.insertOne(document);
      return true;
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
    }
    // The id is taken. An expired record may be replaced (the TTL monitor just has not got to
    // it yet); a live one may not. The filter makes that decision atomic on the server, so of
    // two racing creators only one can match.
    const { _id, ...replacement } = document;
    const result = await this.collection.replaceOne(
      { _id, expiresAt: { $lte: new Date(this.#now()) } },
      replacement,
    );
    return result.matchedCount === 1;
  }

  /**
   * Compare-and-set on the stored version. A missing, destroyed or expired record matches
   * nothing, so it is never recreated (no upsert).
   */
  async #update(document: SessionDocument, expectedVersion: number): Promise<boolean> {
    const { _id, ...replacement } = document;
    const result = await this.collection.replaceOne(
      { _id, version: expectedVersion, ...this.#live() },
      replacement,
    );
    return result.matchedCount === 1;
  }

  /** The filter that matches only live records, by the application's clock. */
  #live(): { expiresAt: { $gt: Date } } {
    return { expiresAt: { $gt: new Date(this.#now()) } };
  }

  #assertOpen(operation: StoreOperation): void {
    if (this.#closed) {
      throw new SessionStoreError(STORE_NAME, operation, "the store is closed");
    }
  }
}

function resolveCollection(options: MongoStoreOptions): Collection<SessionDocument> {
  if ("collection" in options && options.collection !== undefined) {
    // The application's collection is typed loosely (`db.collection("sessions")`); its
    // documents are the ones this store writes.
    return options.collection as Collection<SessionDocument>;
  }
  const name =
    "collectionName" in options && options.collectionName !== undefined
      ? options.collectionName
      : DEFAULT_COLLECTION_NAME;
  if (typeof name !== "string" || name === "") {
    throw new SessionConfigError("collectionName", "must be a non-empty string");
  }
  if ("db" in options && options.db !== undefined) {
    return options.db.collection<SessionDocument>(name);
  }
  if ("client" in options && options.client !== undefined) {
    return options.client.db(options.dbName).collection<SessionDocument>(name);
  }
  throw new SessionConfigError("collection", "pass a `collection`, a `db` or a `client`");
}
