import { MongoStore } from "@sessionkit/store-mongo";
import { MongoClient } from "mongodb";
import { DEFAULT_MONGO_URL } from "./config.js";

export interface StoreSettings {
  /** Default: `MONGO_URL`, else `DEFAULT_MONGO_URL` (config.ts). The database is the URL's path. */
  url?: string;
  /** Default: `"sessions"`. */
  collectionName?: string;
}

export interface OpenedStore {
  store: MongoStore;
  /** Closes the store, then the client: the store never closes a client it was given. */
  close(): Promise<void>;
}

/**
 * Connects to MongoDB and prepares the session collection: the TTL index on `expiresAt` (the
 * server deletes expired sessions itself) and the index on the user that the devices page's
 * device list reads. Fails fast when no server answers, instead of failing the first request.
 */
export async function openStore(settings: StoreSettings = {}): Promise<OpenedStore> {
  const url = settings.url ?? (process.env.MONGO_URL || DEFAULT_MONGO_URL);
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    const { collectionName } = settings;
    const store = new MongoStore({ client, ...(collectionName ? { collectionName } : {}) });
    await store.ensureIndexes();
    return {
      store,
      close: async () => {
        await store.close();
        await client.close();
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
