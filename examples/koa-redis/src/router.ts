import type { Context } from "koa";

/** `[method, path, handler]`. */
export type Route = [
  method: "GET" | "POST",
  path: string,
  handler: (ctx: Context) => void | Promise<void>,
];

/** A few routes do not need a router dependency: the first match handles the request. */
export function router(routes: Route[], notFound: (ctx: Context) => void) {
  return async (ctx: Context): Promise<void> => {
    const found = routes.find(([method, path]) => ctx.method === method && ctx.path === path);
    if (found) return found[2](ctx);
    notFound(ctx);
  };
}
