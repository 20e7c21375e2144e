import {
  assertStoreId,
  parseListQuery,
  SessionConfigError,
  type SessionListPage,
  type SessionListQuery,
  type SessionRecord,
  SessionStateError,
  type SessionStore,
  SessionStoreError,
  type StoreOperation,
  storeCall,
  toListPage,
} from "@sessionkit/core";
import type { Knex } from "knex";
import { startIntervalRunner } from "./cleanup-runner.js";
import { detectDialect, type SqlDialect } from "./dialect.js";
import { deleteExpiredBatch, insertUnlessLive, tenantExpression } from "./dialect-queries.js";
import type { CleanupRunnerOptions, SqlStoreOptions } from "./options.js";
import { COLUMNS, fromRow, type SessionRow, toRow } from "./row.js";
import { DEFAULT_TABLE_NAME } from "./schema.js";

/**
 * A session store on PostgreSQL, MySQL/MariaDB or SQLite through knex. Every operation is one
 * SQL statement (compare-and-set included), liveness is judged by the app's clock, and expired
 * rows are removed by `cleanup()` in bounded batches.
 *
 * @example
 * const db = knex({ client: "pg", connection: process.env.DATABASE_URL });
 * await createSessionTable(db);
 * const store = new SqlStore({ knex: db });
 */
export class SqlStore implements SessionStore {
  readonly name = "store-sql";
  readonly #knex: Knex;
  readonly #dialect: SqlDialect;
  readonly #table: string;
  readonly #batchSize: number;
  readonly #now: () => number;
  readonly #runners = new Set<() => Promise<void>>();
  #closed = false;

  /** @throws SessionConfigError for a missing knex instance, an unsupported dialect or bad options. */
  constructor(options: SqlStoreOptions) {
    const {
      knex,
      tableName = DEFAULT_TABLE_NAME,
      cleanupBatchSize = 5_000,
      now = Date.now,
    } = options ?? ({} as Partial<SqlStoreOptions>);
    if (typeof knex !== "function" || typeof knex.client !== "object") {
      throw new SessionConfigError("knex", 'must be a knex instance, e.g. knex({ client: "pg" })');
    }
    if (typeof tableName !== "string" || tableName.trim() === "") {
      throw new SessionConfigError("tableName", "must be a non-empty string");
    }
    if (!Number.isSafeInteger(cleanupBatchSize) || cleanupBatchSize < 1) {
      throw new SessionConfigError("cleanupBatchSize", "must be a positive integer");
    }
    if (typeof now !== "function") {
      throw new SessionConfigError("now", "must be a function returning epoch milliseconds");
    }
    this.#knex = knex;
    this.#dialect = detectDialect(knex);
    this.#table = tableName;
    this.#batchSize = cleanupBatchSize;
    this.#now = now;
  }

  async get(id: string): Promise<SessionRecord | null> {
    assertStoreId(this.name, "get", "id", id);
    return this.#call("get", async () => {
      const row: SessionRow | undefined = await this.#query()
        .select(COLUMNS)
        .where("id", id)
        .andWhere("expires_at", ">", this.#now())
        .first();
      return row ? fromRow(row) : null;
    });
  }

  async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    assertStoreId(this.name, "set", "record.id", record.id);
    if (record.userId !== null) assertStoreId(this.name, "set", "record.userId", record.userId);
    return this.#call("set", async () => {
      const row = toRow(record);
      if (expectedVersion === null) {
        return insertUnlessLive(this.#knex, this.#dialect, this.#table, row, this.#now());
      }
      // Version and liveness checks sit in WHERE, so the affected-row count alone decides:
      // MySQL counts matched rows (mysql2's default CLIENT_FOUND_ROWS), the others changed
      // rows, and both are 1 exactly when a live row had the expected version. A destroyed or
      // expired row matches nothing, so a slow request never brings a dead session back.
      const { id, ...values } = row;
      const updated = await this.#query()
        .where("id", id)
        .andWhere("version", expectedVersion)
        .andWhere("expires_at", ">", this.#now())
        .update(values);
      return updated > 0;
    });
  }

  async touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    assertStoreId(this.name, "touch", "id", id);
    return this.#call("touch", async () => {
      const updated = await this.#query()
        .where("id", id)
        .andWhere("expires_at", ">", this.#now())
        .update({ expires_at: expiresAt, last_active_at: lastActiveAt });
      return updated > 0;
    });
  }

  async destroy(id: string): Promise<void> {
    assertStoreId(this.name, "destroy", "id", id);
    return this.#call("destroy", async () => {
      await this.#query().where("id", id).del();
    });
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    assertStoreId(this.name, "listByUser", "userId", userId);
    return this.#call("listByUser", async () => {
      const rows: SessionRow[] = await this.#query()
        .select(COLUMNS)
        .where("user_id", userId)
        .andWhere("expires_at", ">", this.#now())
        .orderBy([
          { column: "last_active_at", order: "desc" },
          { column: "id", order: "asc" },
        ]);
      return rows.map(fromRow);
    });
  }

  /**
   * A page of live rows in listing order (`created_at` desc, then `id` desc; keyset paging
   * from the cursor). The tenant filter reads `meta` as JSON in the database, without an index.
   */
  async listSessions(query: SessionListQuery): Promise<SessionListPage> {
    // Checked before the call: a bad query is the caller's TypeError, not a store failure.
    const { limit, after, userId, tenantId } = parseListQuery(this.name, query);
    return this.#call("listSessions", async () => {
      const builder = this.#query().select(COLUMNS).where("expires_at", ">", this.#now());
      if (userId !== undefined) builder.andWhere("user_id", userId);
      if (tenantId !== undefined) {
        builder.andWhereRaw(`${tenantExpression(this.#dialect)} = ?`, [tenantId]);
      }
      if (after !== null) {
        builder.andWhere((inner) =>
          inner
            .where("created_at", "<", after.createdAt)
            .orWhere((same) =>
              same.where("created_at", after.createdAt).andWhere("id", "<", after.id),
            ),
        );
      }
      const rows: SessionRow[] = await builder
        .orderBy([
          { column: "created_at", order: "desc" },
          { column: "id", order: "desc" },
        ])
        .limit(limit + 1);
      return toListPage(rows.map(fromRow), limit);
    });
  }

  async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    assertStoreId(this.name, "destroyByUser", "userId", userId);
    if (exceptId !== undefined) assertStoreId(this.name, "destroyByUser", "exceptId", exceptId);
    return this.#call("destroyByUser", async () => {
      // Only live rows, so the count is what "signed out N devices" should say; expired rows
      // are cleanup's job.
      const query = this.#query().where("user_id", userId).andWhere("expires_at", ">", this.#now());
      if (exceptId !== undefined) query.andWhereNot("id", exceptId);
      return query.del();
    });
  }

  /**
   * Deletes every row expired at the time of the call, `cleanupBatchSize` rows per statement,
   * and resolves the total. Stops between batches when the store is closed.
   */
  cleanup(): Promise<number> {
    return this.#call("cleanup", async () => {
      const now = this.#now();
      let total = 0;
      for (;;) {
        const deleted = await deleteExpiredBatch(
          this.#knex,
          this.#dialect,
          this.#table,
          now,
          this.#batchSize,
        );
        total += deleted;
        if (deleted < this.#batchSize || this.#closed) return total;
      }
    });
  }

  /**
   * Runs `cleanup()` every `interval` ms on an unref'd timer until the returned function (or
   * `close()`) stops it. Failures go to `onError`, never to an unhandled rejection.
   *
   * @throws SessionConfigError when `interval` is not a positive number of milliseconds.
   * @throws SessionStateError after `close()`.
   * @example
   * store.startCleanup({ interval: 15 * 60_000, onError: (error) => logger.warn(error) });
   */
  startCleanup(options: CleanupRunnerOptions): () => Promise<void> {
    if (this.#closed)
      throw new SessionStateError("startCleanup() was called on a closed SqlStore.");
    const stopRunner = startIntervalRunner(() => this.cleanup(), options);
    const stop = async (): Promise<void> => {
      this.#runners.delete(stop);
      await stopRunner();
    };
    this.#runners.add(stop);
    return stop;
  }

  /**
   * Stops the cleanup runners and waits for a run in progress. Later calls reject with
   * `SessionStoreError`. Never destroys the knex instance: the app owns it.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#runners].map((stop) => stop()));
  }

  #query(): Knex.QueryBuilder {
    return this.#knex(this.#table);
  }

  #call<T>(operation: StoreOperation, run: () => Promise<T>): Promise<T> {
    return storeCall(this.name, operation, async () => {
      if (this.#closed) throw new SessionStoreError(this.name, operation, "the store is closed");
      return run();
    });
  }
}
