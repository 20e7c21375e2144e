import { randomBytes } from "node:crypto";
import {
  describeLifecycleConformance,
  describeStoreConformance,
  withSealing,
} from "@sessionkit/conformance";
import { createSessionManager, sealedStore } from "@sessionkit/core";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlConformanceOptions } from "./support/conformance-options.js";
import { ALL_TARGETS, openTestDatabase, type TestDatabase } from "./support/databases.js";
import { openTableStore } from "./support/tables.js";

// Data sealed at rest (AES-256-GCM, core `sealedStore`) on the SQL store: the store and
// lifecycle suites hold unchanged, and the table holds neither the token nor the data.
const keys = [randomBytes(32)];

describeStoreConformance(
  "SqlStore (sqlite :memory:), sealed",
  withSealing(sqlConformanceOptions("sqlite-memory"), keys),
);
describeLifecycleConformance(
  "SqlStore (sqlite :memory:), sealed",
  withSealing(sqlConformanceOptions("sqlite-memory"), keys),
);

describe.each(ALL_TARGETS)("sealed sessions in the %s table, read directly", (target) => {
  let db: TestDatabase;
  let knex: Knex;
  beforeAll(() => {
    db = openTestDatabase(target);
    knex = db.knex;
  });
  afterAll(() => db.release());

  it("hold neither the token nor the data; user and expiry stay queryable", async () => {
    const { store, tableName, drop } = await openTableStore(knex);
    try {
      const secret = `card-${randomBytes(8).toString("hex")}`;
      const sessions = createSessionManager<{ card: string }>({
        secret: "sealed-sql-secret-0123456789abcdefghij",
        store: sealedStore(store, { keys }),
      });
      const { token: signed } = await sessions.create({ userId: "ada", data: { card: secret } });
      const token = signed.slice(0, signed.lastIndexOf("."));
      const rows = await knex(tableName).select();
      expect(rows).toHaveLength(1);
      const raw = JSON.stringify(rows);
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(token);
      expect(rows[0].user_id).toBe("ada");
      expect(Number(rows[0].expires_at)).toBeGreaterThan(Date.now());
      expect(JSON.parse(rows[0].data)).toEqual({ $sealed: expect.stringMatching(/^v1\./) });
      // And the session reads back whole through the sealed store.
      expect((await sessions.get(signed))?.data).toEqual({ card: secret });
      expect(await sessions.listByUser("ada")).toHaveLength(1);
    } finally {
      await drop();
    }
  });
});
