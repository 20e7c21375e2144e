import { BINDING_ROUTES, isRouteReply, type RouteReply, runRoute } from "@sessionkit/conformance";
import type Koa from "koa";

/**
 * Mounts the binding suite's routes the Koa way: a small dispatch middleware (Koa has no
 * router of its own), answering JSON and letting errors propagate to Koa.
 */
export function mountRoutes(app: Koa): void {
  app.use(async (ctx, next) => {
    const route = BINDING_ROUTES.find((r) => r.path === ctx.path);
    if (!route || ctx.method !== "GET") return next();
    const body = await runRoute(route, ctx.session, ctx.url);
    if (isRouteReply(body)) sendReply(ctx, body);
    else ctx.body = body;
  });
}

/** A route's own answer the Koa way (Koa has no raw header form: `raw` changes nothing). */
export function sendReply(ctx: Koa.Context, reply: RouteReply): void {
  ctx.status = reply.status;
  if (reply.message !== undefined) ctx.message = reply.message;
  for (const [name, value] of reply.headers) {
    if (name.toLowerCase() === "set-cookie") ctx.append(name, value);
    else ctx.set(name, value);
  }
  ctx.body = reply.body;
  if (reply.failAfterStart) throw new Error("the /reply route fails after it started answering");
}
