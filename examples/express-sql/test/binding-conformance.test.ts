import { describeBindingConformance } from "@sessionkit/conformance";
import { createSessionTable, SqlStore } from "@sessionkit/store-sql";
import knex, { type Knex } from "knex";
import { afterAll, beforeAll, inject, onTestFinished } from "vitest";
import { knexConfig } from "../src/config.js";
import { expressBindingApp, koaBindingApp } from "./bindings.js";
import { uniqueTableName } from "./support.js";

// The shared HTTP binding suite, on both bindings, with sessions in SQL: every lifecycle rule
// holds with this store as it does with the memory store the bindings test with. SQLite
// (`:memory:`, on knex's one connection), PostgreSQL and MariaDB (global-setup.ts).

for (const target of inject("sqlTargets")) {
  let db: Knex;

  beforeAll(() => {
    db = knex(knexConfig(target.url));
  });

  afterAll(async () => {
    await db?.destroy();
  });

  /** A fresh table per case, created as the app creates it, dropped afterwards. */
  const createStore = async (): Promise<SqlStore> => {
    const tableName = uniqueTableName();
    onTestFinished(async () => {
      await db.schema.dropTableIfExists(tableName);
    });
    await createSessionTable(db, { tableName });
    return new SqlStore({ knex: db, tableName });
  };

  describeBindingConformance(`express 5 + SqlStore on ${target.name}`, {
    createStore,
    createListener: expressBindingApp,
  });

  describeBindingConformance(`koa 3 + SqlStore on ${target.name}`, {
    createStore,
    createListener: koaBindingApp,
  });
}
