import type { StoreConformanceOptions } from "@sessionkit/conformance";
import { createSessionTable, SqlStore } from "../../src/index.js";
import {
  openFailingDatabase,
  openTestDatabase,
  type TestDatabase,
  type TestTarget,
} from "./databases.js";

/** What both suites (store and lifecycle) take from the SQL store's test set-up. */
export type SqlSuiteOptions = Required<
  Pick<
    StoreConformanceOptions<SqlStore>,
    "beforeAll" | "afterAll" | "createStore" | "afterEach" | "createFailingStore"
  >
>;

/**
 * The options every conformance run of the SQL store uses: one knex pool per suite, one table
 * per test (`sessions_<namespace>`, created as an app would, dropped afterwards).
 */
export function sqlConformanceOptions(target: TestTarget): SqlSuiteOptions {
  let database: TestDatabase | undefined;
  const failing: TestDatabase[] = [];
  const tables = new WeakMap<SqlStore, string>();
  const db = (): TestDatabase => {
    if (!database) throw new Error("beforeAll has not opened the database");
    return database;
  };
  return {
    beforeAll: () => {
      database = openTestDatabase(target);
    },
    afterAll: async () => {
      await Promise.all([db(), ...failing.splice(0)].map((d) => d.release()));
    },
    createStore: async ({ namespace }) => {
      const tableName = `sessions_${namespace}`;
      await createSessionTable(db().knex, { tableName });
      const store = new SqlStore({ knex: db().knex, tableName });
      tables.set(store, tableName);
      return store;
    },
    afterEach: async (store) => {
      await store.close();
      const tableName = tables.get(store);
      if (tableName) await db().knex.schema.dropTableIfExists(tableName);
    },
    createFailingStore: ({ namespace }) => {
      const broken = openFailingDatabase(target);
      failing.push(broken);
      return new SqlStore({ knex: broken.knex, tableName: `sessions_${namespace}` });
    },
  };
}
