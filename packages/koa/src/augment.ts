import type { Session, SessionData } from "@sessionkit/core";

declare module "koa" {
  interface DefaultContext {
    /**
     * This request's session, set by `session()` from `@sessionkit/koa`. Assign `null` to
     * destroy it. Describe its data by augmenting `SessionData` in `@sessionkit/core`.
     */
    get session(): Session<SessionData>;
    set session(value: null);
  }
}
