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

/**
 * SQLite always (in-process, nothing to start); PostgreSQL and MariaDB/MySQL as well when
 * `PG_URL` or `MYSQL_URL` is set. Each is checked here, and the run fails with the way out in
 * the message when one does not answer: a missing database never turns into skipped tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const targets: SqlTarget[] = [{ name: "SQLite", url: "sqlite::memory:" }];
  if (process.env.PG_URL) targets.push({ name: "PostgreSQL", url: process.env.PG_URL });
  if (process.env.MYSQL_URL) targets.push({ name: "MariaDB", url: process.env.MYSQL_URL });
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
        : "`pnpm services` starts PostgreSQL (PG_URL=postgres://postgres@127.0.0.1:5433/postgres) and MariaDB (MYSQL_URL=mysql://root@127.0.0.1:3307/sessionkit); or unset the variable to test on SQLite only.";
    throw new Error(`${name} does not answer at ${redact(url)} (${reason}). ${way}`);
  } finally {
    await db.destroy();
  }
}
