import type { Session, SessionData } from "@sessionkit/core";
// Loads the koa types into the program, so the augmentation below finds the module (TS2664
// otherwise, when nothing else in src imports "koa").
import type {} from "koa";

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
