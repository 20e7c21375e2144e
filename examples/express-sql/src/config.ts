import type { Knex } from "knex";

// Only a type import on purpose: the tests' global setup reads this file outside Vitest's
// resolver, where workspace packages resolve to their (possibly unbuilt) dist.

/** Where sessions go when `DATABASE_URL` is not set: a SQLite file in the working directory. */
export const DEFAULT_SQLITE_FILE = "./sessions.sqlite";

/**
 * knex settings for a database URL, the driver chosen by its scheme:
 *
 * - `postgres://user:password@host:5432/db` (or `postgresql://`): PostgreSQL through `pg`;
 * - `mysql://user:password@host:3306/db` (or `mariadb://`): MySQL or MariaDB through `mysql2`;
 * - `sqlite:path/to/file.sqlite` (or `sqlite::memory:`): SQLite through `better-sqlite3`;
 * - nothing: SQLite in {@link DEFAULT_SQLITE_FILE}.
 */
export function knexConfig(url: string | undefined): Knex.Config {
  if (!url) return sqlite(DEFAULT_SQLITE_FILE);
  const scheme = url.slice(0, url.indexOf(":") + 1).toLowerCase();
  switch (scheme) {
    case "postgres:":
    case "postgresql:":
      return { client: "pg", connection: url };
    case "mysql:":
    case "mariadb:":
      // mysql2 reads the URL's parts, whatever the scheme; "mysql:" keeps that obvious.
      return { client: "mysql2", connection: `mysql:${url.slice(scheme.length)}` };
    case "sqlite:":
      return sqlite(url.slice(scheme.length));
    default:
      throw new Error(
        `Unsupported database URL ${redact(url)}: use postgres://…, mysql://… (or mariadb://…), or sqlite:<file>.`,
      );
  }
}

// knex gives SQLite a pool of one connection: one writer, and `:memory:` stays one database.
function sqlite(filename: string): Knex.Config {
  return { client: "better-sqlite3", connection: { filename }, useNullAsDefault: true };
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
