import knex from "knex";
import type { TestProject } from "vitest/node";
import { knexConfig, redact } from "../src/config.js";

/** One database the tests run on. */
export interface SqlTarget {
  name: string;
  url: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    sqlTargets: SqlTarget[];
  }
}

/** Where `pnpm services` starts them (the same defaults as packages/store-sql/test/support). */
const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5433/postgres";
const DEFAULT_MYSQL_URL = "mysql://root@127.0.0.1:3307/sessionkit";

/**
 * The example runs on all three databases it documents: SQLite (in-process), PostgreSQL and
 * MariaDB, the last two at `PG_URL` / `MYSQL_URL` or where `pnpm services` (part of `pnpm test`)
 * starts them. Each is checked here, and the run fails with the way out in the message when one
 * does not answer: a missing database never turns into skipped tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const targets: SqlTarget[] = [
    { name: "SQLite", url: "sqlite::memory:" },
    { name: "PostgreSQL", url: process.env.PG_URL || DEFAULT_PG_URL },
    { name: "MariaDB", url: process.env.MYSQL_URL || DEFAULT_MYSQL_URL },
  ];
  for (const target of targets) await check(target);
  project.provide("sqlTargets", targets);
}

async function check({ name, url }: SqlTarget): Promise<void> {
  const db = knex(knexConfig(url));
  try {
    await db.raw("select 1");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const way =
      name === "SQLite"
        ? "better-sqlite3 is a native module: run `pnpm install` (with npm_config_nodedir=/usr) to build it."
        : "`pnpm services` starts PostgreSQL (PG_URL=postgres://postgres@127.0.0.1:5433/postgres) and MariaDB (MYSQL_URL=mysql://root@127.0.0.1:3307/sessionkit), or set PG_URL / MYSQL_URL to servers of your own.";
    throw new Error(`${name} does not answer at ${redact(url)} (${reason}). ${way}`);
  } finally {
    await db.destroy();
  }
}
