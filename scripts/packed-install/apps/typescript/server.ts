// A user's strict TypeScript app on the published tarballs, compiled twice: as CommonJS under
// `moduleResolution: node16` (ts-node16) and as ESM under `moduleResolution: bundler`
// (ts-bundler). Express + memory store types `req.session.data` by augmenting `SessionData`;
// Koa + SQLite types `ctx.session.data` by the generic `session<ApiData>()`.

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { session as expressSession } from "@sessionkit/express";
import { session as koaSession } from "@sessionkit/koa";
import { MemoryStore } from "@sessionkit/store-memory";
import { createSessionTable, SqlStore } from "@sessionkit/store-sql";
import express from "express";
import knex from "knex";
import Koa from "koa";

declare module "@sessionkit/core" {
  interface SessionData {
    views?: number;
  }
}

interface ApiData {
  calls?: number;
}

const secret = "packed-install-secret-0123456789abcdef";

const web = express();
web.use(expressSession({ secret, store: new MemoryStore() }));
web.get("/views", (req, res) => {
  const views: number = (req.session.data.views ?? 0) + 1;
  req.session.data.views = views;
  res.send(String(views));
});
web.get("/me", (req, res) => {
  res.send(req.session.userId ?? "anonymous");
});
web.post("/login", (req, res) => {
  req.session.userId = "ada";
  res.send("ok");
});
web.post("/logout", (req, res) => {
  req.session.destroy();
  res.send("ok");
});

function listening(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.once("listening", () => resolve((server.address() as AddressInfo).port));
  });
}

async function main(): Promise<void> {
  const db = knex({
    client: "better-sqlite3",
    connection: { filename: ":memory:" },
    pool: { min: 1, max: 1 },
    useNullAsDefault: true,
  });
  await createSessionTable(db);
  // The generic form: the app `use()` returns knows `ctx.session.data` is ApiData.
  const api = new Koa().use(koaSession<ApiData>({ secret, store: new SqlStore({ knex: db }) }));
  api.use((ctx) => {
    if (ctx.path === "/views") {
      const calls: number = (ctx.session.data.calls ?? 0) + 1;
      ctx.session.data.calls = calls;
      ctx.body = String(calls);
    } else if (ctx.path === "/me") ctx.body = ctx.session.userId ?? "anonymous";
    else if (ctx.path === "/login" && ctx.method === "POST") {
      ctx.session.userId = "ada";
      ctx.body = "ok";
    } else if (ctx.path === "/logout" && ctx.method === "POST") {
      ctx.session = null;
      ctx.body = "ok";
    }
  });
  const ports = {
    express: await listening(web.listen(0, "127.0.0.1")),
    koa: await listening(api.listen(0, "127.0.0.1")),
  };
  console.log(JSON.stringify(ports));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
