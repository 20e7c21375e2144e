/**
 * One benchmark server in plain CommonJS, the way a user's app loads the libraries: every
 * package is `require`d from `BENCH_APP_ROOT` (a fresh app with the packed tarballs installed,
 * or bench/ itself, whose workspace packages then resolve to their built `dist/*.cjs`).
 * Run as a child process by `scenarios.ts`: builds the app that `BENCH_SPEC` (JSON) names,
 * listens on a free loopback port, reports the port, answers `cpu` with `process.cpuUsage()`,
 * and exits when told to or when the parent goes away.
 *
 * Routes, the same on every framework/library/store:
 *   GET  /read   reads a counter from the session (an anonymous visitor reads 0)
 *   POST /incr   increments it (the session is modified): `counter = counter + 1`
 *   POST /add    increments it without losing concurrent increments where the library can:
 *                sessionkit's `mutate()` (re-run on conflict); the others have no such API, so
 *                it is /incr there
 *   POST /login  signs in: a user on the session and the counter at 0 (seeds the benchmark)
 */
"use strict";
const { createServer } = require("node:http");
const { createRequire } = require("node:module");
const path = require("node:path");

const spec = JSON.parse(process.env.BENCH_SPEC || "{}");
const root = process.env.BENCH_APP_ROOT || path.join(__dirname, "..");
const load = createRequire(path.join(root, "package.json"));
const SECRET = "bench-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const DAY = 24 * 60 * 60 * 1000;
const closers = [];

function sessionkitStore() {
  if (spec.store === "redis") {
    const { Redis } = load("ioredis");
    // As the store's README recommends under load: commands of concurrent requests go out in
    // one write, as node-redis (connect-redis' client here) does by default. koa-redis keeps
    // ioredis' default, as its users get it.
    const client = new Redis(spec.redisUrl, {
      maxRetriesPerRequest: 1,
      enableAutoPipelining: true,
    });
    closers.push(() => client.quit());
    const { RedisStore } = load("@sessionkit/store-redis");
    return new RedisStore({ client, prefix: `${spec.prefix}sk:` });
  }
  const { MemoryStore } = load("@sessionkit/store-memory");
  const store = new MemoryStore();
  closers.push(() => store.close());
  return store;
}

async function expressApp() {
  const express = load("express");
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  if (spec.library === "sessionkit") {
    app.use(load("@sessionkit/express").session({ secret: SECRET, store: sessionkitStore() }));
    app.get("/read", (req, res) => {
      res.json({ n: req.session.data.counter ?? 0 });
    });
    app.post("/incr", (req, res) => {
      req.session.data.counter = (req.session.data.counter ?? 0) + 1;
      res.json({ n: req.session.data.counter });
    });
    app.post("/add", async (req, res) => {
      await req.session.mutate((data) => {
        data.counter = (data.counter ?? 0) + 1;
      });
      res.json({ n: req.session.data.counter });
    });
    app.post("/login", (req, res) => {
      req.session.userId = "u1"; // regenerates
      req.session.data.counter = 0;
      res.json({ n: 0 });
    });
    return app;
  }
  if (spec.library === "express-session") {
    const expressSession = load("express-session");
    let store;
    if (spec.store === "redis") {
      const client = load("redis").createClient({ url: spec.redisUrl });
      await client.connect();
      closers.push(() => client.quit());
      store = new (load("connect-redis").RedisStore)({ client, prefix: `${spec.prefix}es:` });
    } else {
      const MemoryStore = load("memorystore")(expressSession);
      store = new MemoryStore({ checkPeriod: DAY });
      closers.push(async () => store.stopInterval());
    }
    app.use(
      expressSession({
        secret: SECRET,
        resave: false,
        saveUninitialized: false,
        cookie: { maxAge: DAY, httpOnly: true, sameSite: "lax" },
        store,
      }),
    );
    app.get("/read", (req, res) => {
      res.json({ n: req.session.counter ?? 0 });
    });
    const incr = (req, res) => {
      req.session.counter = (req.session.counter ?? 0) + 1;
      res.json({ n: req.session.counter });
    };
    app.post("/incr", incr);
    app.post("/add", incr);
    app.post("/login", (req, res, next) => {
      req.session.regenerate((error) => {
        if (error) return next(error);
        req.session.user = "u1";
        req.session.counter = 0;
        res.json({ n: 0 });
      });
    });
    return app;
  }
  // The controls (bench/scenarios.ts): what any middleware costs, on the baseline's routes.
  const PROPERTY = Symbol("bench.control");
  if (spec.library === "noop") app.use((_req, _res, next) => next());
  if (spec.library === "property") {
    app.use((_req, res, next) => {
      res[PROPERTY] = true;
      next();
    });
  }
  app.get("/read", (_req, res) => {
    res.json({ n: 0 });
  });
  app.post(["/incr", "/add"], (_req, res) => {
    res.json({ n: 1 });
  });
  app.post("/login", (_req, res) => {
    res.cookie("baseline", "1");
    res.json({ n: 0 });
  });
  return app;
}

function koaApp() {
  const Koa = load("koa");
  const app = new Koa();
  if (spec.library === "sessionkit") {
    app.use(load("@sessionkit/koa").session({ secret: SECRET, store: sessionkitStore() }));
    app.use(async (ctx) => {
      const s = ctx.session;
      if (ctx.method === "GET" && ctx.path === "/read") {
        ctx.body = { n: s.data.counter ?? 0 };
      } else if (ctx.method === "POST" && ctx.path === "/incr") {
        s.data.counter = (s.data.counter ?? 0) + 1;
        ctx.body = { n: s.data.counter };
      } else if (ctx.method === "POST" && ctx.path === "/add") {
        await s.mutate((data) => {
          data.counter = (data.counter ?? 0) + 1;
        });
        ctx.body = { n: s.data.counter };
      } else if (ctx.method === "POST" && ctx.path === "/login") {
        s.userId = "u1"; // regenerates
        s.data.counter = 0;
        ctx.body = { n: 0 };
      }
    });
    return app;
  }
  if (spec.library === "koa-session") {
    app.keys = [SECRET];
    const options = { key: "koa.sess", maxAge: DAY, sameSite: "lax" };
    if (spec.store === "redis") {
      // koa-redis brings its own ioredis (4); its generator methods are wrapped into promises.
      const store = load("koa-redis")({ url: spec.redisUrl, keyPrefix: `${spec.prefix}ks:` });
      closers.push(() => store.quit());
      options.store = store;
    }
    // Without a store, koa-session keeps the session in the (signed) cookie itself.
    app.use(load("koa-session").default(options, app));
    app.use(async (ctx) => {
      const s = ctx.session;
      if (ctx.method === "GET" && ctx.path === "/read") {
        ctx.body = { n: s.counter ?? 0 };
      } else if (ctx.method === "POST" && (ctx.path === "/incr" || ctx.path === "/add")) {
        s.counter = (s.counter ?? 0) + 1;
        ctx.body = { n: s.counter };
      } else if (ctx.method === "POST" && ctx.path === "/login") {
        s.user = "u1";
        s.counter = 0;
        await s.regenerate();
        ctx.body = { n: 0 };
      }
    });
    return app;
  }
  app.use(async (ctx) => {
    if (ctx.method === "GET" && ctx.path === "/read") ctx.body = { n: 0 };
    else if (ctx.method === "POST" && (ctx.path === "/incr" || ctx.path === "/add")) {
      ctx.body = { n: 1 };
    } else if (ctx.method === "POST" && ctx.path === "/login") {
      ctx.cookies.set("baseline", "1");
      ctx.body = { n: 0 };
    }
  });
  return app;
}

async function main() {
  const app = spec.framework === "koa" ? koaApp() : await expressApp();
  const server = createServer(spec.framework === "koa" ? app.callback() : app);
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    for (const close of closers) await close();
    process.exit(0);
  };
  process.on("message", (message) => {
    if (message.type === "cpu") process.send({ type: "cpu", usage: process.cpuUsage() });
    else if (message.type === "exit") void shutdown();
  });
  process.on("disconnect", () => void shutdown());
  // A benchmark server never outlives its run.
  setTimeout(() => void shutdown(), 15 * 60_000).unref();
  process.send({ type: "ready", port: server.address().port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
