import {
  createSessionManager,
  type Session,
  type SessionData,
  type SessionManager,
  type SessionOptions,
} from "@sessionkit/core";
import type { SessionContext } from "./augment.js";
import { applyCommit, attachToError, type KoaLikeContext, requestInput } from "./io.js";

/**
 * The middleware `session()` returns, with the manager it runs on (for admin code). Its context
 * type declares `ctx.session` as `Session<D>`, which Koa's `app.use()` passes on to the app it
 * returns (the generic form of typed data).
 */
export interface SessionMiddleware<D = SessionData> {
  (ctx: KoaLikeContext & SessionContext<D>, next: () => Promise<unknown>): Promise<void>;
  /** The manager behind this middleware: list, revoke, clean up sessions outside requests. */
  readonly manager: SessionManager<D>;
}

/**
 * Session middleware for Koa 2 and 3. Loads the session before downstream middleware runs
 * (`ctx.session`; assign `null` to destroy it) and commits it after, before Koa responds.
 *
 * If downstream throws, nothing it did to the session is persisted and the error is rethrown
 * to Koa's error handling. Store errors are thrown too (Koa answers 500).
 *
 * @throws SessionConfigError when an option is invalid, here rather than on a request.
 * @example
 * app.use(session({ secret: process.env.SESSION_SECRET!, store: new MemoryStore() }));
 * app.use((ctx) => {
 *   ctx.session.data.views = (ctx.session.data.views ?? 0) + 1;
 *   ctx.body = ctx.session.data;
 * });
 */
export function session<D = SessionData>(options: SessionOptions): SessionMiddleware<D> {
  const manager = createSessionManager<D>(options);
  const middleware = async (ctx: KoaLikeContext, next: () => Promise<unknown>) => {
    const current = await manager.load(requestInput(ctx));
    // Defined per request, so no `app` argument is needed (koa-session needs one).
    Object.defineProperty(ctx, "session", {
      configurable: true,
      enumerable: true,
      get: (): Session<D> => current,
      set(value: null) {
        if (value !== null) {
          throw new TypeError("ctx.session can only be set to null, which destroys it");
        }
        current.destroy();
      },
    });
    try {
      await next();
    } catch (error) {
      attachToError(error, await manager.commit(current, { failed: true }));
      throw error;
    }
    applyCommit(ctx, await manager.commit(current));
  };
  return Object.assign(middleware, { manager });
}
