// A user's ESM app on the published tarballs: Express + memory store, Koa + SQLite store.
import { session as expressSession } from "@sessionkit/express";
import { session as koaSession } from "@sessionkit/koa";
import { MemoryStore } from "@sessionkit/store-memory";
import { createSessionTable, SqlStore } from "@sessionkit/store-sql";
import express from "express";
import knex from "knex";
import Koa from "koa";
import { koaRoutes, listening, mountExpressRoutes } from "../shared/routes.cjs";

const secret = "packed-install-secret-0123456789abcdef";

const web = express();
web.use(expressSession({ secret, store: new MemoryStore() }));
mountExpressRoutes(web);

const db = knex({
  client: "better-sqlite3",
  connection: { filename: ":memory:" },
  pool: { min: 1, max: 1 },
  useNullAsDefault: true,
});
await createSessionTable(db);
const api = new Koa();
api.use(koaSession({ secret, store: new SqlStore({ knex: db }) }));
api.use(koaRoutes);

const expressPort = await listening(web.listen(0, "127.0.0.1"));
console.log(
  JSON.stringify({ express: expressPort, koa: await listening(api.listen(0, "127.0.0.1")) }),
);
