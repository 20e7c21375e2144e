import type { Context } from "koa";

/** `[method, path or pattern, handler]`; a pattern's first capture group is passed on. */
export type Route = [
  method: "GET" | "POST",
  path: string | RegExp,
  handler: (ctx: Context, param: string) => void | Promise<void>,
];

/** A few routes do not need a router dependency: the first match handles the request. */
export function router(routes: Route[], notFound: (ctx: Context) => void) {
  return async (ctx: Context): Promise<void> => {
    for (const [method, path, handler] of routes) {
      if (ctx.method !== method) continue;
      if (typeof path === "string") {
        if (ctx.path === path) return handler(ctx, "");
        continue;
      }
      const match = path.exec(ctx.path);
      if (match) return handler(ctx, match[1] ?? "");
    }
    notFound(ctx);
  };
}
