import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { createSessionTable, SqlStore, type SqlStoreOptions } from "../../src/index.js";

/** A store on a fresh table of its own; `drop` removes the table. */
export async function openTableStore(
  knex: Knex,
  options: Omit<SqlStoreOptions, "knex" | "tableName"> = {},
): Promise<{ store: SqlStore; tableName: string; drop(): Promise<void> }> {
  const tableName = `t_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await createSessionTable(knex, { tableName });
  return {
    store: new SqlStore({ knex, tableName, ...options }),
    tableName,
    drop: async () => {
      await knex.schema.dropTableIfExists(tableName);
    },
  };
}

/** Counts the statements knex sends while `run` runs (knex's `query` event). */
export async function countQueries(knex: Knex, run: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const listener = (query: { sql: string }) => statements.push(query.sql);
  knex.on("query", listener);
  try {
    await run();
  } finally {
    knex.off("query", listener);
  }
  return statements;
}
