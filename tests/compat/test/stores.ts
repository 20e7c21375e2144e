import { randomUUID } from "node:crypto";
import type { SessionStore } from "@sessionkit/core";
import { MemoryStore } from "@sessionkit/store-memory";
import { RedisStore } from "@sessionkit/store-redis";
import { createSessionTable, SqlStore } from "@sessionkit/store-sql";
import { Redis } from "ioredis";
import knex, { type Knex } from "knex";
import { inject } from "vitest";

/** A store for one test and how to release what it opened. */
export interface TestStore {
  store: SessionStore;
  close(): Promise<void>;
}

/** The stores every compatibility test runs on: memory, and persistent ones (SQLite, Redis). */
export const STORES: ReadonlyArray<[name: string, open: () => Promise<TestStore>]> = [
  ["memory", async () => ({ store: new MemoryStore(), close: async () => {} })],
  [
    "sqlite",
    async () => {
      const db: Knex = knex({
        client: "better-sqlite3",
        connection: { filename: ":memory:" },
        useNullAsDefault: true,
      });
      await createSessionTable(db);
      return { store: new SqlStore({ knex: db }), close: () => db.destroy() };
    },
  ],
  [
    "redis",
    async () => {
      const client = new Redis(inject("redisUrl"));
      // A key prefix of its own: other helpers' tests share this Redis.
      const store = new RedisStore({ client, prefix: `compat:${randomUUID()}:` });
      return {
        store,
        close: async () => {
          client.disconnect();
        },
      };
    },
  ],
];
