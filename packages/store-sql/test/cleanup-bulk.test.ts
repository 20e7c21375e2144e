import { randomBytes } from "node:crypto";
import { createStoreTestRecord } from "@sessionkit/conformance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase, type TestTarget } from "./support/databases.js";
import { countQueries, openTableStore } from "./support/tables.js";

const EXPIRED = 100_000;
const LIVE = 25;
const BATCH = 5_000;

/** Expired rows in the table's own shape, written by bulk inserts, never one round trip per row. */
function expiredRows(count: number) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: randomBytes(32).toString("base64url"),
    user_id: i % 3 === 0 ? `user-${i % 50}` : null,
    data: JSON.stringify({ i }),
    meta: "{}",
    created_at: now - 7_200_000,
    last_active_at: now - 3_600_000,
    // Spread over the past hour, so batches cut through many distinct deadlines.
    expires_at: now - 1_000 - (i % 3_600_000),
    version: 1,
  }));
}

const TARGETS: readonly TestTarget[] = ["postgres", "sqlite-file", "mysql"];

describe.each(TARGETS)("cleanup of a large backlog on %s", (target) => {
  let db: TestDatabase;
  beforeAll(() => {
    db = openTestDatabase(target);
  });
  afterAll(() => db.release());

  it(`deletes ${EXPIRED} expired rows in batches of ${BATCH} and counts them exactly`, {
    timeout: 120_000,
  }, async () => {
    const { knex } = db;
    const { store, tableName, drop } = await openTableStore(knex, { cleanupBatchSize: BATCH });
    try {
      // SQLite compiles a multi-row insert as a compound SELECT, capped at 500 terms.
      await knex.batchInsert(
        tableName,
        expiredRows(EXPIRED),
        target === "postgres" || target === "mysql" ? 1_000 : 500,
      );
      const live = Array.from({ length: LIVE }, () => createStoreTestRecord());
      for (const record of live) expect(await store.set(record, null)).toBe(true);

      let deleted = 0;
      const statements = await countQueries(knex, async () => {
        deleted = await store.cleanup();
      });

      expect(deleted).toBe(EXPIRED);
      // Twenty full batches, then one that comes back empty and ends the loop.
      expect(statements).toHaveLength(EXPIRED / BATCH + 1);
      const [{ count }] = (await knex(tableName).count({ count: "*" })) as [
        { count: number | string },
      ];
      expect(Number(count)).toBe(LIVE);
      for (const record of live) expect(await store.get(record.id)).toEqual(record);
      expect(await store.cleanup()).toBe(0);
    } finally {
      await drop();
    }
  });
});
