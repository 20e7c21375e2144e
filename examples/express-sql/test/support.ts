import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Knex } from "knex";
import type { SqlTarget } from "./global-setup.js";

/** A table of its own for one test, so tests sharing one database never see each other. */
export function uniqueTableName(): string {
  return `sessions_example_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/** Rows in `tableName`: what the database really holds. */
export async function countRows(db: Knex, tableName: string): Promise<number> {
  const [row] = await db(tableName).count({ n: "*" });
  // PostgreSQL answers a count as a string (bigint), the others as a number.
  return Number(row?.n ?? 0);
}

/**
 * The URL a test opens for `target`: the server's own, or for SQLite a fresh file (so a
 * reopened store sees the same data), deleted by `release`.
 */
export function databaseFor(target: SqlTarget): { url: string; release(): Promise<void> } {
  if (target.name !== "SQLite") return { url: target.url, release: async () => {} };
  const file = join(tmpdir(), `sessionkit-example-${randomUUID()}.sqlite`);
  return {
    url: `sqlite:${file}`,
    release: async () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) {
        await rm(`${file}${suffix}`, { force: true });
      }
    },
  };
}
