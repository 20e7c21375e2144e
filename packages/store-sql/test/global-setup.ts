import knex, { type Knex } from "knex";
import type { TestProject } from "vitest/node";
import { DEFAULT_MYSQL_URL, DEFAULT_PG_URL } from "./support/urls.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
    mysqlUrl: string;
  }
}

/**
 * Fails the run, with the way out in the message, when a server does not answer: a missing
 * database must never turn into silently skipped store tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const pgUrl = process.env.PG_URL || DEFAULT_PG_URL;
  const mysqlUrl = process.env.MYSQL_URL || DEFAULT_MYSQL_URL;
  // A short acquire timeout: a server that drops packets must fail the run in seconds, not 60.
  // knex's own log of the failed attempt is silenced: the error below says it all.
  const quiet = () => {};
  const quick = { acquireConnectionTimeout: 5_000, log: { warn: quiet, error: quiet } };
  await ping("PostgreSQL", "PG_URL", knex({ client: "pg", connection: pgUrl, ...quick }), pgUrl);
  await ping(
    "MariaDB/MySQL",
    "MYSQL_URL",
    knex({ client: "mysql2", connection: mysqlUrl, ...quick }),
    mysqlUrl,
  );
  project.provide("pgUrl", pgUrl);
  project.provide("mysqlUrl", mysqlUrl);
}

async function ping(server: string, envName: string, db: Knex, url: string): Promise<void> {
  try {
    await db.raw("select 1");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No ${server} server answers at ${redact(url)} (${reason}). Start the test servers with \`pnpm services\`, or point ${envName} at a running one.`,
      { cause: error },
    );
  } finally {
    await db.destroy();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
