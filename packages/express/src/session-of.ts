import type { ExpressSession } from "./session-view.js";

/**
 * `req.session` typed by the middleware's data type. Express's `app.use()` cannot pass types
 * on to later routes (Koa's can), so the generic form `session<MyData>()` reaches the routes
 * through `sessions.of(req)`; `req.session` itself carries the augmented `SessionData`.
 *
 * @throws TypeError when no session middleware ran before this route: a mounting mistake,
 * reported where it happens rather than as `undefined` later.
 */
export function sessionOf<D>(req: object): ExpressSession<D> {
  const current = (req as { session?: ExpressSession<D> }).session;
  if (current === undefined) {
    throw new TypeError("req.session is not set: mount session() before this route");
  }
  return current;
}
