import { storeKeyFor } from "@sessionkit/core";
import { createSessionTable, SqlStore } from "@sessionkit/store-sql";
import knex, { type Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../packages/store-redis/test/private-server.js";
import {
  createPrivatePostgres,
  type PrivatePostgres,
} from "../../../packages/store-sql/test/support/private-postgres.js";
import { FAIL_BOUND_MS, startExpressApp, startKoaApp } from "./apps.js";
import { outageUnderLoad } from "./load.js";
import { expectOutageHeld } from "./verdict.js";

let server: PrivatePostgres;
let db: Knex;

beforeAll(async () => {
  server = await createPrivatePostgres(await freePort());
  await server.start();
  db = knex({
    client: "pg",
    connection: server.url,
    acquireConnectionTimeout: 1_000,
    pool: { min: 0, max: 10 },
    // knex logs every failed connection attempt; during the outage that is expected.
    log: { warn: () => {}, error: () => {}, debug: () => {}, deprecate: () => {} },
  });
  await createSessionTable(db);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await server?.remove();
}, 120_000);

// The same outage through each framework: both must reach their own error path.
describe.each([
  { framework: "Express", startApp: startExpressApp },
  { framework: "Koa", startApp: startKoaApp },
])("$framework", ({ framework, startApp }) => {
  it("PostgreSQL stopped and restarted under load: writes fail fast, cookieless requests go on, nothing half-written", async () => {
    const store = new SqlStore({ knex: db });
    const result = await outageUnderLoad({
      name: `PostgreSQL + ${framework}`,
      startApp,
      store,
      stop: () => server.stop(),
      start: () => server.start(),
      read: async (cookie) => {
        const token = decodeURIComponent(cookie.split("=")[1] ?? "");
        const record = await store.get(storeKeyFor(token.slice(0, token.lastIndexOf("."))));
        return record && { hits: (record.data as { hits: number }).hits, version: record.version };
      },
    });
    expectOutageHeld(expect, result, FAIL_BOUND_MS);
  });
});
