import {
  createSessionManager,
  type Session,
  type SessionData,
  type SessionManager,
  type SessionOptions,
} from "@sessionkit/core";
import { refusalOfAnswer } from "./answer-refusal.js";
import type { SessionContext } from "./augment.js";
import { applyCommit, attachToError, type KoaLikeContext, requestInput } from "./io.js";
import { koaSessionView } from "./session-view.js";

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
 * If downstream throws (any status) or answers 5xx, nothing it did to the session is persisted;
 * a thrown error is rethrown to Koa's error handling. Store errors are thrown too (Koa answers
 * 500).
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
    // Synchronous without a token to look up (an anonymous visitor): no promise to wait for.
    const loaded = manager.loadNow(requestInput(ctx));
    const current = loaded instanceof Promise ? await loaded : loaded;
    exposeSession(ctx, current, manager as SessionManager<unknown>);
    try {
      await next();
    } catch (error) {
      attachToError(error, await manager.commit(current, { error: true }));
      throw error;
    }
    // A status line Node will refuse when Koa responds fails the request now, before the commit.
    const refusal = refusalOfAnswer(ctx);
    if (refusal) {
      attachToError(refusal, await manager.commit(current, { error: true }));
      throw refusal;
    }
    // The core's failure rule (`requestFailed`): a 5xx answer persists nothing, even without
    // a throw, as on Express.
    // Synchronous when no store call is needed (most reads): no promise to wait for.
    const result = manager.commitNow(current, { status: ctx.status });
    applyCommit(ctx, result instanceof Promise ? await result : result);
  };
  return Object.assign(middleware, { manager });
}

/** Where `ctx.session`'s accessor finds this request's session, its manager and its view. */
const SESSION = Symbol("sessionkit.session");
const MANAGER = Symbol("sessionkit.manager");
const VIEW = Symbol("sessionkit.view");
/** Context prototypes that already carry the `session` accessor. */
const prepared = new WeakSet<object>();

type SessionCarrier = {
  [SESSION]?: Session<unknown>;
  [MANAGER]?: SessionManager<unknown>;
  [VIEW]?: unknown;
};

/**
 * Makes `current` this request's `ctx.session`. The accessor is defined once on the app's
 * context prototype (Koa creates every `ctx` from `app.context`), as koa-session does, so no
 * `app` argument is needed and no request pays for `Object.defineProperty`: defining it on each
 * `ctx` gave every context its own shape and was a measurable part of the Koa overhead
 * (bench/README.md). A context not made by Koa (a plain object) gets its own accessor.
 */
function exposeSession(
  ctx: KoaLikeContext,
  current: Session<unknown>,
  manager: SessionManager<unknown>,
): void {
  const carrier = ctx as SessionCarrier;
  carrier[SESSION] = current;
  carrier[MANAGER] = manager;
  carrier[VIEW] = undefined;
  const proto: object | null = Object.getPrototypeOf(ctx);
  const owner = proto === null || proto === Object.prototype ? ctx : proto;
  if (prepared.has(owner)) return;
  if (owner !== ctx) prepared.add(owner);
  Object.defineProperty(owner, "session", {
    configurable: true,
    enumerable: true,
    // koa-session's surface (session-view.ts), made on first read: a request that never reads
    // ctx.session never builds it.
    get(this: SessionCarrier) {
      const current = this[SESSION];
      if (!current) return undefined;
      this[VIEW] ??= koaSessionView(current, this[MANAGER] as SessionManager<unknown>);
      return this[VIEW];
    },
    // koa-session: null destroys; an object replaces the data.
    set(this: SessionCarrier, value: null | Record<string, unknown>) {
      const current = this[SESSION];
      if (value === null) return current?.destroy();
      if (typeof value !== "object" || Array.isArray(value)) {
        throw new TypeError(
          "ctx.session can be set to null (destroys it) or a plain object (its data)",
        );
      }
      // Assigning the view to itself (ctx.session = ctx.session) changes nothing.
      if (current && value !== this[VIEW]) current.data = { ...value };
    },
  });
}
