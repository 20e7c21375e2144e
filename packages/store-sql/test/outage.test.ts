import { createStoreTestRecord, randomStoreId } from "@sessionkit/conformance";
import { SessionStoreError } from "@sessionkit/core";
import knex, { type Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionTable, SqlStore } from "../src/index.js";
import {
  createPrivatePostgres,
  type PrivatePostgres,
  SETUP_TIMEOUT_MS,
} from "./support/private-postgres.js";

const PORT = Number(process.env.SESSIONKIT_OUTAGE_PG_PORT || 5499);
/** A request during the outage must fail at least this fast (acquireConnectionTimeout is 1 s). */
const BOUND_MS = 3_000;
const HOUR = 3_600_000;

/** Awaits `call`, which must reject, and returns the error and how long the rejection took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error("the call succeeded while the database was down");
}

describe("a PostgreSQL outage", () => {
  let server: PrivatePostgres;
  let db: Knex;
  beforeAll(async () => {
    server = await createPrivatePostgres(PORT);
    await server.start();
    db = knex({
      client: "pg",
      connection: server.url,
      acquireConnectionTimeout: 1_000,
      pool: { min: 0, max: 4 },
      // knex logs every failed connection attempt; during the outage that is expected.
      log: { warn: () => {}, error: () => {}, debug: () => {}, deprecate: () => {} },
    });
    await createSessionTable(db);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await db?.destroy();
    await server?.remove();
  }, SETUP_TIMEOUT_MS);

  it("fails every call with SessionStoreError within a bounded time, then recovers", {
    timeout: 60_000,
  }, async () => {
    const store = new SqlStore({ knex: db });
    const record = createStoreTestRecord({ userId: "outage-user", data: { before: "outage" } });
    expect(await store.set(record, null)).toBe(true);
    // Several pooled connections, so the outage also kills connections sitting idle in the pool.
    await Promise.all([store.get(record.id), store.get(record.id), store.get(record.id)]);

    await server.stop();
    const now = Date.now();
    const calls: [string, () => Promise<unknown>][] = [
      ["get", () => store.get(record.id)],
      ["get", () => store.get(record.id)],
      ["set", () => store.set({ ...record, data: { lost: true }, version: 2 }, 1)],
      ["set", () => store.set(createStoreTestRecord(), null)],
      ["touch", () => store.touch(record.id, now + HOUR, now)],
      ["destroy", () => store.destroy(randomStoreId())],
      ["listByUser", () => store.listByUser("outage-user")],
      ["destroyByUser", () => store.destroyByUser("outage-user")],
      ["cleanup", () => store.cleanup()],
    ];
    for (const [operation, call] of calls) {
      const { error, ms } = await failure(call);
      expect(error, operation).toBeInstanceOf(SessionStoreError);
      expect((error as SessionStoreError).operation).toBe(operation);
      expect((error as SessionStoreError).cause).toBeDefined();
      expect(ms, `${operation} took ${Math.round(ms)} ms to fail`).toBeLessThan(BOUND_MS);
    }

    await server.start();
    // Nothing written during the outage landed, and the first calls after it succeed.
    expect(await store.get(record.id)).toEqual(record);
    const update = { ...record, data: { after: "outage" }, version: 2 };
    expect(await store.set(update, 1)).toBe(true);
    expect(await store.listByUser("outage-user")).toEqual([update]);
  });
});
