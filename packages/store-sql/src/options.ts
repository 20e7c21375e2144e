import type { SessionStoreError } from "@sessionkit/core";
import type { Knex } from "knex";

export interface SqlStoreOptions {
  /**
   * The app's knex instance (PostgreSQL through `pg`, MySQL/MariaDB through `mysql2`, SQLite
   * through `better-sqlite3`). The store never destroys it: the app owns its pool.
   */
  knex: Knex;
  /**
   * The session table, created by `createSessionTable` or `sessionMigration`.
   * @default "sessions"
   */
  tableName?: string;
  /**
   * Most rows one cleanup statement deletes; `cleanup()` repeats until a batch comes back short,
   * so a large backlog never locks the table in one long statement.
   * @default 5000
   */
  cleanupBatchSize?: number;
  /**
   * The clock liveness is judged by, in epoch ms. The app's clock rather than the database's
   * NOW(), so every store (and every database server) agrees on when a session ends.
   * @default Date.now
   */
  now?: () => number;
}

export interface CleanupRunnerOptions {
  /** Milliseconds between runs. A run still going when the next is due skips that tick. */
  interval: number;
  /**
   * Receives a failed run's `SessionStoreError`; the runner keeps going. Default: a process
   * warning (`process.emitWarning`), never an unhandled rejection.
   */
  onError?: (error: SessionStoreError) => void;
  /** Receives the number of rows each successful run deleted (for metrics or logs). */
  onCleanup?: (deleted: number) => void;
}
