import { SessionConfigError } from "@sessionkit/core";
import type { Knex } from "knex";

/** The SQL families the store speaks. MariaDB uses the MySQL family. */
export type SqlDialect = "postgresql" | "mysql" | "sqlite";

/**
 * The dialect family of a knex instance, from the client knex resolved (`pg`, `mysql2`,
 * `better-sqlite3`, …), so the store works whatever spelling the app used in `client`.
 *
 * @throws SessionConfigError for a database the store has not been tested on.
 */
export function detectDialect(knex: Knex): SqlDialect {
  const dialect: unknown = (knex.client as { dialect?: unknown }).dialect;
  switch (dialect) {
    case "postgresql":
      return "postgresql";
    case "mysql":
      return "mysql";
    case "sqlite3":
      return "sqlite";
    default:
      throw new SessionConfigError(
        "knex",
        `the ${String(dialect)} dialect is not supported: use PostgreSQL (pg), MySQL/MariaDB (mysql2) or SQLite (better-sqlite3)`,
      );
  }
}
