import type { SessionData } from "@sessionkit/core";
// Loads the koa types into the program, so the augmentation below finds the module (TS2664
// otherwise, when nothing else in src imports "koa").
import type {} from "koa";
import type { KoaSession } from "./session-view.js";

/**
 * The context `session<D>()` gives the middleware after it: `ctx.session` with data of type `D`.
 * Koa's `app.use()` returns the app typed with the context its middleware declares, so
 * `new Koa().use(session<MyData>(options)).use((ctx) => ctx.session.data)` sees `MyData`.
 */
export interface SessionContext<D = SessionData> {
  get session(): KoaSession<D>;
  /** `null` destroys the session; a plain object replaces its data (koa-session's meaning). */
  set session(value: null | Record<string, unknown>);
}

declare module "koa" {
  /**
   * This request's session, set by `session()` from `@sessionkit/koa`. Assign `null` to
   * destroy it. Describe its data by augmenting `SessionData` in `@sessionkit/core`, or by
   * `session<MyData>()` on the app its `use()` returns.
   */
  interface DefaultContext extends SessionContext {}
}
