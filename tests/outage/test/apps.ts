import type { RequestListener, Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SessionStore } from "@sessionkit/core";
import { session as expressSession } from "@sessionkit/express";
import { session as koaSession } from "@sessionkit/koa";
import express, { type ErrorRequestHandler } from "express";
import Koa from "koa";

/**
 * How long the session middleware waits on the store before it gives up. Generous on purpose:
 * before and after the outage every session write must succeed, and with both cores saturated by
 * other work a healthy store call once took longer than 300 ms (the seeding request answered
 * 500). The outage failures themselves are immediate (16-92 ms at p99).
 */
export const STORE_TIMEOUT_MS = 1_500;

/**
 * What a session request may take while the store is down: storeTimeout plus a generous margin
 * for a loaded machine (client and app share one process; p99 reached 841 ms on 2 busy cores).
 */
export const FAIL_BOUND_MS = STORE_TIMEOUT_MS + 1_500;

const SECRET = "outage-under-load-0123456789abcdefghij";

/** A running app under test: where to reach it, and how to stop it. */
export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Starts one of the apps below on `store`. */
export type StartApp = (store: SessionStore) => Promise<RunningApp>;

/**
 * Express as an operator would run it: the session middleware on `store` with a short
 * `storeTimeout`, a route that writes the session (`POST /hit` counts hits), one that never
 * touches it (`GET /anon`), and an error handler answering 500 with the name of the error.
 */
export const startExpressApp: StartApp = (store) => {
  const app = express();
  app.use(expressSession({ secret: SECRET, store, storeTimeout: STORE_TIMEOUT_MS }));
  app.post("/hit", (req, res) => {
    const data = req.session.data as { hits?: number };
    data.hits = (data.hits ?? 0) + 1;
    res.json({ hits: data.hits });
  });
  app.get("/anon", (_req, res) => {
    res.json({ ok: true });
  });
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    res.status(500).json({ error: errorName(error) });
  };
  app.use(onError);
  return listen(app);
};

/**
 * The same app on Koa 3: Koa's error path is a middleware outermost in the stack that catches
 * what the session middleware (or a route) throws, so it sits before `session(...)`.
 */
export const startKoaApp: StartApp = (store) => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      ctx.status = 500;
      ctx.body = { error: errorName(error) };
    }
  });
  app.use(koaSession({ secret: SECRET, store, storeTimeout: STORE_TIMEOUT_MS }));
  app.use(async (ctx) => {
    if (ctx.method === "POST" && ctx.path === "/hit") {
      const data = ctx.session.data as { hits?: number };
      data.hits = (data.hits ?? 0) + 1;
      ctx.body = { hits: data.hits };
    } else if (ctx.method === "GET" && ctx.path === "/anon") {
      ctx.body = { ok: true };
    }
  });
  return listen(app.callback());
};

/** The handlers name what they caught, so the test sees the store's error came through them. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

async function listen(listener: RequestListener): Promise<RunningApp> {
  const server: Server = createServer(listener).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
