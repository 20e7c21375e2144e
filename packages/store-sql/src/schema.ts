import type { Knex } from "knex";
import { detectDialect, type SqlDialect } from "./dialect.js";

/** The table name the store and the migration use unless told otherwise. */
export const DEFAULT_TABLE_NAME = "sessions";

export interface SessionTableOptions {
  /** @default "sessions" */
  tableName?: string;
}

/**
 * Creates the session table and its indexes if the table does not exist yet; does nothing when
 * it does, so it is safe to call on every start.
 *
 * Columns: `id` varchar(64) primary key (the token's SHA-256, never the token), `user_id`
 * varchar(255) null, `data` and `meta` JSON as text, `created_at`, `last_active_at` and
 * `expires_at` BIGINT epoch ms, `version` integer; indexes on `expires_at` (cleanup, liveness)
 * and `user_id` (listing and revoking a user's sessions).
 */
export async function createSessionTable(
  knex: Knex,
  options: SessionTableOptions = {},
): Promise<void> {
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  if (await knex.schema.hasTable(tableName)) return;
  const dialect = detectDialect(knex);
  try {
    await knex.schema.createTable(tableName, (table) => defineSessionTable(table, dialect));
  } catch (error) {
    // Two processes starting at once both saw no table; the one that lost the race is fine.
    if (await knex.schema.hasTable(tableName)) return;
    throw error;
  }
}

/**
 * A knex migration that creates (`up`) or drops (`down`) the session table. In a migrations
 * directory: `export const { up, down } = sessionMigration();`.
 */
export function sessionMigration(tableName: string = DEFAULT_TABLE_NAME): {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
} {
  return {
    up: (knex) => createSessionTable(knex, { tableName }),
    down: async (knex) => {
      await knex.schema.dropTableIfExists(tableName);
    },
  };
}

function defineSessionTable(table: Knex.CreateTableBuilder, dialect: SqlDialect): void {
  if (dialect === "mysql") {
    // Ids are base64url, where "a" and "A" differ: MySQL's default collations are
    // case-insensitive, so the whole table compares bytes instead. utf8mb4 keeps emoji.
    table.charset("utf8mb4");
    table.collate("utf8mb4_bin");
  }
  table.string("id", 64).primary();
  table.string("user_id", 255).nullable().index();
  // MySQL's TEXT stops at 64 KiB; MEDIUMTEXT holds 16 MiB. Other dialects ignore the hint.
  // Plain text rather than jsonb: the store round-trips JSON exactly and never queries inside it.
  table.text("data", "mediumtext").notNullable();
  table.text("meta").notNullable();
  table.bigInteger("created_at").notNullable();
  table.bigInteger("last_active_at").notNullable();
  table.bigInteger("expires_at").notNullable().index();
  table.integer("version").notNullable();
}
