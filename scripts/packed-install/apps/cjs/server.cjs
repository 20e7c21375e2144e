// A user's CommonJS app on the published tarballs: Express + memory store, Koa + SQLite store.
const { session: expressSession } = require("@sessionkit/express");
const { session: koaSession } = require("@sessionkit/koa");
const { MemoryStore } = require("@sessionkit/store-memory");
const { createSessionTable, SqlStore } = require("@sessionkit/store-sql");
const express = require("express");
const knex = require("knex");
const Koa = require("koa");
const { koaRoutes, listening, mountExpressRoutes } = require("../shared/routes.cjs");

const secret = "packed-install-secret-0123456789abcdef";

async function main() {
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
  const ports = {
    express: await listening(web.listen(0, "127.0.0.1")),
    koa: await listening(api.listen(0, "127.0.0.1")),
  };
  console.log(JSON.stringify(ports));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
