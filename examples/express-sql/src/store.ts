import type { SessionStoreError } from "@sessionkit/core";
import { createSessionTable, SqlStore } from "@sessionkit/store-sql";
import knex, { type Knex } from "knex";
import { knexConfig } from "./config.js";

export interface StoreSettings {
  /** Default: `DATABASE_URL`; without one, SQLite in `./sessions.sqlite`. See `knexConfig`. */
  url?: string;
  /** Default: the store's `"sessions"`. */
  tableName?: string;
  /**
   * Milliseconds between cleanup runs, which delete expired rows (SQL has no native expiry).
   * @default 900_000 (15 minutes)
   */
  cleanupInterval?: number;
  /** Receives the number of rows each cleanup run deleted, e.g. for metrics. */
  onCleanup?: (deleted: number) => void;
  /** Receives a failed cleanup run's error; the runner keeps going. Default: a process warning. */
  onCleanupError?: (error: SessionStoreError) => void;
}

export interface OpenedStore {
  store: SqlStore;
  /** The app's knex instance, for its own queries. */
  knex: Knex;
  /** Stops the cleanup runner, then destroys the pool: the store never destroys a pool it was given. */
  close(): Promise<void>;
}

/**
 * Opens the database, creates the session table if it is not there yet (safe on every start,
 * and from several processes at once), and starts the cleanup runner. A database that does not
 * answer stops the start here instead of failing the first request.
 */
export async function openStore(settings: StoreSettings = {}): Promise<OpenedStore> {
  const db = knex(knexConfig(settings.url ?? process.env.DATABASE_URL));
  const { tableName, cleanupInterval = 15 * 60_000, onCleanup, onCleanupError } = settings;
  try {
    await createSessionTable(db, tableName === undefined ? {} : { tableName });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const store = new SqlStore({ knex: db, ...(tableName === undefined ? {} : { tableName }) });
  // On an unref'd timer: it never keeps the process alive; `store.close()` stops it.
  store.startCleanup({
    interval: cleanupInterval,
    ...(onCleanup ? { onCleanup } : {}),
    ...(onCleanupError ? { onError: onCleanupError } : {}),
  });
  return {
    store,
    knex: db,
    close: async () => {
      await store.close();
      await db.destroy();
    },
  };
}
