import { inspect } from "node:util";
import {
  createExpiredStoreTestRecord,
  createStoreTestRecord,
  randomStoreId,
} from "@sessionkit/conformance";
import { SessionConfigError, SessionStoreError } from "@sessionkit/core";
import knex, { type Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlStore, type SqlStoreOptions } from "../src/index.js";
import { ALL_TARGETS, openTestDatabase, type TestDatabase } from "./support/databases.js";
import { countQueries, openTableStore } from "./support/tables.js";

const HOUR = 3_600_000;

describe("SqlStore options", () => {
  const sqlite = knex({
    client: "better-sqlite3",
    connection: { filename: ":memory:" },
    useNullAsDefault: true,
  });
  afterAll(() => sqlite.destroy());

  it.each([
    ["knex", {}],
    ["knex", { knex: {} }],
    ["tableName", { knex: sqlite, tableName: "" }],
    ["cleanupBatchSize", { knex: sqlite, cleanupBatchSize: 0 }],
    ["cleanupBatchSize", { knex: sqlite, cleanupBatchSize: 2.5 }],
    ["now", { knex: sqlite, now: 42 }],
  ])("rejects a bad %s at construction", (option, options) => {
    let caught: unknown;
    try {
      new SqlStore(options as unknown as SqlStoreOptions);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SessionConfigError);
    expect((caught as SessionConfigError).option).toBe(option);
  });

  it("rejects a dialect it has not been tested on", async () => {
    const mssql = knex({ client: "mssql" });
    try {
      expect(() => new SqlStore({ knex: mssql })).toThrow(SessionConfigError);
    } finally {
      await mssql.destroy();
    }
  });

  it("judges liveness by the injected clock, not the database's", async () => {
    const { store, tableName, drop } = await openTableStore(sqlite, { now: () => 2_000 });
    try {
      const record = createStoreTestRecord({
        createdAt: 1_000,
        lastActiveAt: 1_500,
        expiresAt: 2_001,
      });
      expect(await store.set(record, null)).toBe(true);
      expect(await store.get(record.id)).toEqual(record);
      const later = new SqlStore({ knex: sqlite, tableName, now: () => 2_001 });
      expect(await later.get(record.id)).toBeNull();
      expect(await later.touch(record.id, 9_000, 2_001)).toBe(false);
      expect(await later.cleanup()).toBe(1);
    } finally {
      await drop();
    }
  });
});

describe.each(ALL_TARGETS)("SqlStore on %s", (target) => {
  let db: TestDatabase;
  let knexOf: Knex;
  beforeAll(() => {
    db = openTestDatabase(target);
    knexOf = db.knex;
  });
  afterAll(() => db.release());

  it("sends exactly one statement per operation", async () => {
    const { store, drop } = await openTableStore(knexOf);
    try {
      const record = createStoreTestRecord({ userId: "counted" });
      const now = Date.now();
      const counts = {
        create: await countQueries(knexOf, () => store.set(record, null)),
        get: await countQueries(knexOf, () => store.get(record.id)),
        update: await countQueries(knexOf, () =>
          store.set({ ...record, data: { n: 2 }, version: 2 }, 1),
        ),
        conflict: await countQueries(knexOf, () => store.set({ ...record, version: 9 }, 7)),
        touch: await countQueries(knexOf, () => store.touch(record.id, now + HOUR, now)),
        listByUser: await countQueries(knexOf, () => store.listByUser("counted")),
        destroy: await countQueries(knexOf, () => store.destroy(record.id)),
        destroyByUser: await countQueries(knexOf, () => store.destroyByUser("counted")),
        cleanup: await countQueries(knexOf, () => store.cleanup()),
      };
      for (const [operation, statements] of Object.entries(counts)) {
        expect(statements, operation).toHaveLength(1);
      }
    } finally {
      await drop();
    }
  });

  it("replaces an expired row on create in place (two statements on MySQL, one elsewhere)", async () => {
    const { store, drop } = await openTableStore(knexOf);
    try {
      const expired = createExpiredStoreTestRecord({ data: { old: true } });
      expect(await store.set(expired, null)).toBe(true);
      const fresh = createStoreTestRecord({ id: expired.id, data: { fresh: true } });
      const statements = await countQueries(knexOf, async () => {
        expect(await store.set(fresh, null)).toBe(true);
      });
      expect(statements).toHaveLength(target === "mysql" ? 2 : 1);
      expect(await store.get(expired.id)).toEqual(fresh);
    } finally {
      await drop();
    }
  });

  it("reads timestamps and versions back as numbers", async () => {
    const { store, drop } = await openTableStore(knexOf);
    try {
      const record = createStoreTestRecord({ expiresAt: Date.UTC(2200, 0, 1) + 1, version: 3 });
      expect(await store.set(record, null)).toBe(true);
      const read = await store.get(record.id);
      for (const field of ["createdAt", "lastActiveAt", "expiresAt", "version"] as const) {
        expect(typeof read?.[field], field).toBe("number");
      }
      expect(read?.expiresAt).toBe(record.expiresAt);
    } finally {
      await drop();
    }
  });

  it("rejects calls after close with SessionStoreError and leaves the app's knex usable", async () => {
    const { store, drop } = await openTableStore(knexOf);
    try {
      await store.close();
      const error = await store.get(randomStoreId()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionStoreError);
      expect((error as SessionStoreError).operation).toBe("get");
      await expect(store.cleanup()).rejects.toBeInstanceOf(SessionStoreError);
      const rows = await knexOf.select(knexOf.raw("1 as one"));
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await drop();
    }
  });

  it("a failing write's error quotes no session data (message, cause, inspect)", async () => {
    const secret = `oauth-${randomStoreId()}`;
    const { store, drop } = await openTableStore(knexOf);
    await drop();
    const record = createStoreTestRecord({ userId: `user-${secret}`, data: { token: secret } });
    const error = await store.set(record, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreError);
    const seen = [
      String(error),
      (error as Error).stack ?? "",
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
    ];
    for (const text of seen) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(record.id);
    }
  });

  it("keeps the driver's error as cause when the table is missing", async () => {
    const store = new SqlStore({ knex: knexOf, tableName: "no_such_sessions_table" });
    const error = await store.get(randomStoreId()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect((error as SessionStoreError).cause).toBeInstanceOf(Error);
  });
});
