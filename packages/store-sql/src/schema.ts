import { SessionConfigError } from "@sessionkit/core";
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
  const collation = dialect === "mysql" ? await noPadBinaryCollation(knex) : undefined;
  try {
    await knex.schema.createTable(tableName, (table) =>
      defineSessionTable(table, dialect, collation),
    );
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

function defineSessionTable(
  table: Knex.CreateTableBuilder,
  dialect: SqlDialect,
  collation: string | undefined,
): void {
  if (dialect === "mysql" && collation) {
    // Ids are base64url, where "a" and "A" differ, and user ids must match exactly: MySQL's
    // default collations fold case, and even `utf8mb4_bin` is PAD SPACE (trailing spaces
    // ignored: revoking "alice " would sign alice out). A NO PAD binary collation compares
    // the bytes as they are. utf8mb4 keeps emoji.
    table.charset("utf8mb4");
    table.collate(collation);
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

/**
 * The binary NO PAD collation of a MySQL-family server: `utf8mb4_nopad_bin` on MariaDB (10.2+),
 * `utf8mb4_0900_bin` on MySQL 8.0+. MySQL 5.7 has none, and is refused.
 *
 * Tables created by earlier versions used `utf8mb4_bin`; convert them with
 * `ALTER TABLE sessions CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin` (MariaDB)
 * or `… COLLATE utf8mb4_0900_bin` (MySQL 8).
 */
export async function noPadBinaryCollation(knex: Knex): Promise<string> {
  const result = (await knex.raw("select version() as version")) as [Array<{ version: string }>];
  const version = String(result[0]?.[0]?.version ?? "");
  if (/mariadb/i.test(version)) return "utf8mb4_nopad_bin";
  const major = Number.parseInt(version, 10);
  if (major >= 8) return "utf8mb4_0900_bin";
  throw new SessionConfigError(
    "knex",
    `MySQL ${version} has no binary NO PAD collation, so user ids that differ by trailing spaces would match: use MySQL 8.0+ or MariaDB 10.2+`,
  );
}
