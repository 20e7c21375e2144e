import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import knex, { type Knex } from "knex";
import { inject } from "vitest";

/** The databases every store test runs on. */
export type TestTarget = "postgres" | "mysql" | "sqlite-file" | "sqlite-memory";

export const ALL_TARGETS: readonly TestTarget[] = [
  "postgres",
  "mysql",
  "sqlite-file",
  "sqlite-memory",
];

/** A knex instance the test owns, plus what `release` must remove besides the pool. */
export interface TestDatabase {
  knex: Knex;
  target: TestTarget;
  /** Destroys the pool and deletes a SQLite file. */
  release(): Promise<void>;
}

/** A knex instance for `target`, on the server the global setup checked. */
export function openTestDatabase(
  target: TestTarget,
  extra: Partial<Knex.Config> = {},
): TestDatabase {
  switch (target) {
    case "postgres":
      return wrap(target, knex({ client: "pg", connection: inject("pgUrl"), ...extra }));
    case "mysql":
      return wrap(target, knex({ client: "mysql2", connection: inject("mysqlUrl"), ...extra }));
    case "sqlite-memory":
      // One connection for the whole pool: every `:memory:` connection is a database of its own.
      return wrap(
        target,
        knex({
          client: "better-sqlite3",
          connection: { filename: ":memory:" },
          useNullAsDefault: true,
          pool: { min: 1, max: 1 },
          ...extra,
        }),
      );
    case "sqlite-file": {
      const filename = join(tmpdir(), `sessionkit-store-sql-${randomUUID()}.sqlite`);
      const db = knex({
        client: "better-sqlite3",
        connection: { filename },
        useNullAsDefault: true,
        ...extra,
      });
      return wrap(target, db, async () => {
        for (const suffix of ["", "-wal", "-shm", "-journal"])
          await rm(`${filename}${suffix}`, { force: true });
      });
    }
  }
}

/**
 * A knex instance on which every query fails: it points at a port nothing listens on (or, for
 * SQLite, a file in a folder that does not exist), so the driver's own error surfaces.
 */
export function openFailingDatabase(target: TestTarget): TestDatabase {
  // knex logs every failed connection attempt; these failures are the point, so keep quiet.
  const quiet = () => {};
  const settings = {
    acquireConnectionTimeout: 2_000,
    log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet },
  };
  switch (target) {
    case "postgres":
      return wrap(
        target,
        knex({ client: "pg", connection: "postgres://postgres@127.0.0.1:9/x", ...settings }),
      );
    case "mysql":
      return wrap(
        target,
        knex({ client: "mysql2", connection: "mysql://root@127.0.0.1:9/x", ...settings }),
      );
    case "sqlite-file":
    case "sqlite-memory":
      return wrap(
        target,
        knex({
          client: "better-sqlite3",
          connection: { filename: join(tmpdir(), `missing-${randomUUID()}`, "db.sqlite") },
          useNullAsDefault: true,
          ...settings,
        }),
      );
  }
}

function wrap(target: TestTarget, db: Knex, cleanup?: () => Promise<void>): TestDatabase {
  return {
    knex: db,
    target,
    release: async () => {
      await db.destroy();
      await cleanup?.();
    },
  };
}
