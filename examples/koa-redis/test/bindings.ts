import type { RequestListener } from "node:http";
import {
  BINDING_ROUTES,
  isRouteReply,
  type ListenerSetup,
  runRoute,
} from "@sessionkit/conformance";
import type { SessionOptions } from "@sessionkit/core";
import { session as expressSession } from "@sessionkit/express";
import { session as koaSession } from "@sessionkit/koa";
import express from "express";
import Koa from "koa";

// The two apps the HTTP binding suite drives, built exactly as the bindings' own conformance
// tests build them (packages/express/test and packages/koa/test: conformance-*.test.ts and
// routes.ts, copied here so the example stands on its own). Only the store differs.

/** Express 5: trust proxy as the suite asks, the session middleware, one `app.get` per route. */
export function expressBindingApp(
  options: SessionOptions,
  { trustProxy }: ListenerSetup = { trustProxy: true },
): RequestListener {
  const app = express();
  app.set("trust proxy", trustProxy);
  app.use(expressSession(options));
  for (const route of BINDING_ROUTES) {
    app.get(route.path, (req, res, next) => {
      // Errors go to `next`: the suite checks they reach Express's error handler.
      runRoute(route, req.session, req.url)
        .then((body) => {
          if (!isRouteReply(body)) return res.json(body);
          // The route's own answer at Node's level (a flat raw header array when asked).
          const headers = body.raw ? body.headers.flat() : Object.fromEntries(body.headers);
          if (body.message === undefined) res.writeHead(body.status, headers);
          else res.writeHead(body.status, body.message, headers);
          if (body.failAfterStart) {
            res.write(body.body.slice(0, 3));
            throw new Error("the /reply route fails after it started answering");
          }
          res.end(body.body);
        })
        .catch(next);
    });
  }
  return app;
}

/** Koa 3: proxy as the suite asks, the session middleware, a small dispatcher (Koa has no router). */
export function koaBindingApp(
  options: SessionOptions,
  { trustProxy }: ListenerSetup = { trustProxy: true },
): RequestListener {
  const app = new Koa();
  app.proxy = trustProxy;
  app.silent = true; // the suite provokes 500s on purpose; keep the report readable
  app.use(koaSession(options));
  app.use(async (ctx, next) => {
    const route = BINDING_ROUTES.find((r) => r.path === ctx.path);
    if (!route || ctx.method !== "GET") return next();
    const body = await runRoute(route, ctx.session, ctx.url);
    if (!isRouteReply(body)) {
      ctx.body = body;
      return;
    }
    ctx.status = body.status;
    if (body.message !== undefined) ctx.message = body.message;
    for (const [name, value] of body.headers) {
      if (name.toLowerCase() === "set-cookie") ctx.append(name, value);
      else ctx.set(name, value);
    }
    ctx.body = body.body;
    if (body.failAfterStart) throw new Error("the /reply route fails after it started answering");
  });
  return app.callback();
}
