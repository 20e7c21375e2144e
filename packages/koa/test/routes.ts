import { BINDING_ROUTES, runRoute } from "@sessionkit/conformance";
import type Koa from "koa";

/**
 * Mounts the binding suite's routes the Koa way: a small dispatch middleware (Koa has no
 * router of its own), answering JSON and letting errors propagate to Koa.
 */
export function mountRoutes(app: Koa): void {
  app.use(async (ctx, next) => {
    const route = BINDING_ROUTES.find((r) => r.path === ctx.path);
    if (!route || ctx.method !== "GET") return next();
    ctx.body = await runRoute(route, ctx.session, ctx.url);
  });
}
