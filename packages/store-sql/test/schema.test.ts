import { randomUUID } from "node:crypto";
import { createStoreTestRecord } from "@sessionkit/conformance";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionTable, SqlStore, sessionMigration } from "../src/index.js";
import { ALL_TARGETS, openTestDatabase, type TestDatabase } from "./support/databases.js";
import { columnNames, indexedColumns } from "./support/introspect.js";

const EXPECTED_COLUMNS = [
  "created_at",
  "data",
  "expires_at",
  "id",
  "last_active_at",
  "meta",
  "user_id",
  "version",
];

function uniqueTable(): string {
  return `schema_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/** A knex migration source serving one migration object, as a migrations directory would. */
function sourceOf(name: string, migration: ReturnType<typeof sessionMigration>) {
  return {
    getMigrations: async () => [name],
    getMigrationName: (migrationName: string) => migrationName,
    getMigration: async () => migration,
  };
}

describe.each(ALL_TARGETS)("schema on %s", (target) => {
  let db: TestDatabase;
  let knex: Knex;
  beforeAll(() => {
    db = openTestDatabase(target);
    knex = db.knex;
  });
  afterAll(() => db.release());

  it("createSessionTable creates the columns and the expires_at and user_id indexes", async () => {
    const tableName = uniqueTable();
    try {
      await createSessionTable(knex, { tableName });
      expect(await columnNames(knex, tableName)).toEqual(EXPECTED_COLUMNS);
      expect(await indexedColumns(knex, target, tableName)).toEqual(["expires_at", "user_id"]);
    } finally {
      await knex.schema.dropTableIfExists(tableName);
    }
  });

  it("createSessionTable is idempotent and keeps the rows already stored", async () => {
    const tableName = uniqueTable();
    try {
      await createSessionTable(knex, { tableName });
      const store = new SqlStore({ knex, tableName });
      const record = createStoreTestRecord({ data: { kept: true } });
      expect(await store.set(record, null)).toBe(true);
      await createSessionTable(knex, { tableName });
      await Promise.all([
        createSessionTable(knex, { tableName }),
        createSessionTable(knex, { tableName }),
      ]);
      expect(await store.get(record.id)).toEqual(record);
    } finally {
      await knex.schema.dropTableIfExists(tableName);
    }
  });

  it("two racing createSessionTable calls on a new table both resolve", async () => {
    const tableName = uniqueTable();
    try {
      await Promise.all([
        createSessionTable(knex, { tableName }),
        createSessionTable(knex, { tableName }),
      ]);
      expect(await knex.schema.hasTable(tableName)).toBe(true);
    } finally {
      await knex.schema.dropTableIfExists(tableName);
    }
  });

  it("sessionMigration runs under knex.migrate: latest creates the table, rollback drops it", async () => {
    const tableName = uniqueTable();
    const config = {
      migrationSource: sourceOf("20250101_sessions", sessionMigration(tableName)),
      tableName: `${tableName}_migrations`,
    };
    try {
      const [, applied] = await knex.migrate.latest(config);
      expect(applied).toEqual(["20250101_sessions"]);
      expect(await columnNames(knex, tableName)).toEqual(EXPECTED_COLUMNS);
      const [, again] = await knex.migrate.latest(config);
      expect(again).toEqual([]);
      await knex.migrate.rollback(config);
      expect(await knex.schema.hasTable(tableName)).toBe(false);
    } finally {
      await knex.schema.dropTableIfExists(tableName);
      await knex.schema.dropTableIfExists(`${tableName}_migrations`);
      await knex.schema.dropTableIfExists(`${tableName}_migrations_lock`);
    }
  });

  it("sessionMigration's up is idempotent and down drops only its table", async () => {
    const [mine, other] = [uniqueTable(), uniqueTable()];
    const migration = sessionMigration(mine);
    try {
      await createSessionTable(knex, { tableName: other });
      await migration.up(knex);
      await migration.up(knex);
      expect(await knex.schema.hasTable(mine)).toBe(true);
      await migration.down(knex);
      await migration.down(knex);
      expect(await knex.schema.hasTable(mine)).toBe(false);
      expect(await knex.schema.hasTable(other)).toBe(true);
    } finally {
      await knex.schema.dropTableIfExists(mine);
      await knex.schema.dropTableIfExists(other);
    }
  });

  it("two tables on one database never see each other's sessions", async () => {
    const [first, second] = [uniqueTable(), uniqueTable()];
    try {
      await createSessionTable(knex, { tableName: first });
      await createSessionTable(knex, { tableName: second });
      const a = new SqlStore({ knex, tableName: first });
      const b = new SqlStore({ knex, tableName: second });
      const record = createStoreTestRecord({ userId: "shared-user", data: { table: "first" } });
      const twin = { ...createStoreTestRecord({ userId: "shared-user" }), id: record.id };
      expect(await a.set(record, null)).toBe(true);
      expect(await b.get(record.id)).toBeNull();
      expect(await b.set(twin, null)).toBe(true);
      await b.destroy(record.id);
      expect(await a.get(record.id)).toEqual(record);
      expect(await b.destroyByUser("shared-user")).toBe(0);
      expect(await a.listByUser("shared-user")).toEqual([record]);
    } finally {
      await knex.schema.dropTableIfExists(first);
      await knex.schema.dropTableIfExists(second);
    }
  });
});
