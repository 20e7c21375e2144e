import type { Session, SessionData } from "@sessionkit/core";
// Loads the koa types into the program, so the augmentation below finds the module (TS2664
// otherwise, when nothing else in src imports "koa").
import type {} from "koa";

/**
 * The context `session<D>()` gives the middleware after it: `ctx.session` with data of type `D`.
 * Koa's `app.use()` returns the app typed with the context its middleware declares, so
 * `new Koa().use(session<MyData>(options)).use((ctx) => ctx.session.data)` sees `MyData`.
 */
export interface SessionContext<D = SessionData> {
  get session(): Session<D>;
  /** `null` destroys the session; nothing else may be assigned. */
  set session(value: null);
}

declare module "koa" {
  /**
   * This request's session, set by `session()` from `@sessionkit/koa`. Assign `null` to
   * destroy it. Describe its data by augmenting `SessionData` in `@sessionkit/core`, or by
   * `session<MyData>()` on the app its `use()` returns.
   */
  interface DefaultContext extends SessionContext {}
}
