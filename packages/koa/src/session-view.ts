import {
  createSessionView,
  idleTimeoutOf,
  linkOf,
  persistentCookieOf,
  type RegenerateOptions,
  type Session,
  type SessionData,
  type SessionManager,
  SessionViewMembers,
  setOwnLifetime,
} from "@sessionkit/core";

type Callback = (error?: unknown) => void;

function sessionOf(view: object): Session<unknown> {
  return linkOf<unknown, SessionManager<unknown>>(view).session;
}

function managerOf(view: object): SessionManager<unknown> {
  return linkOf<unknown, SessionManager<unknown>>(view).host;
}

/** Hands `work`'s outcome to `callback` when given (koa-session's form), else returns it. */
function settle(work: Promise<void>, callback: Callback | undefined): Promise<void> | undefined {
  if (!callback) return work;
  work.then(() => callback(), callback);
  return undefined;
}

/**
 * koa-session's methods on `ctx.session`, with its meaning:
 * - `regenerate(cb?)`: a new token, the data kept (koa-session and sessionkit agree here); the
 *   write happens at the next `save()` or when the response goes out, as a compare-and-set.
 * - `save(cb?)` and `manuallyCommit()`: write now. The response still gets its headers when
 *   the middleware commits, so `autoCommit: false` has no counterpart and needs none.
 * - `maxAge`: this session's own idle lifetime in ms, or `"session"` for a browser-session
 *   cookie (kept in `meta`, capped by `absoluteTimeout`).
 * - `length`, `populated`, `toJSON()`: over the data keys.
 */
class KoaSessionMembers extends SessionViewMembers<unknown> {
  override regenerate(
    optionsOrCallback?: RegenerateOptions | Callback,
    maybeCallback?: Callback,
  ): Promise<void> | undefined {
    const callback = typeof optionsOrCallback === "function" ? optionsOrCallback : maybeCallback;
    const options = typeof optionsOrCallback === "function" ? undefined : optionsOrCallback;
    let work: Promise<void>;
    try {
      sessionOf(this).regenerate(options);
      work = Promise.resolve();
    } catch (error) {
      work = Promise.reject(error);
    }
    return settle(work, callback);
  }

  override save(callback?: Callback): Promise<void> | undefined {
    return settle(sessionOf(this).save(), callback);
  }

  manuallyCommit(): Promise<void> {
    return sessionOf(this).save();
  }

  get maxAge(): number | "session" {
    const manager = managerOf(this);
    const meta = sessionOf(this).meta;
    if (!persistentCookieOf(manager.options, meta)) return "session";
    return idleTimeoutOf(manager.options, meta);
  }

  set maxAge(value: number | "session") {
    const ms = value === "session" ? null : value;
    setOwnLifetime(managerOf(this).options, sessionOf(this).meta, ms, "ctx.session.maxAge");
  }

  get length(): number {
    return Object.keys(sessionOf(this).data as object).length;
  }

  get populated(): boolean {
    return this.length > 0;
  }

  toJSON(): Record<string, unknown> {
    return { ...(sessionOf(this).data as Record<string, unknown>) };
  }
}

/** What koa-session adds to `ctx.session`, beside sessionkit's own API. */
export interface KoaSessionCompat {
  regenerate(callback: Callback): void;
  regenerate(options: RegenerateOptions, callback: Callback): void;
  save(callback: Callback): void;
  manuallyCommit(): Promise<void>;
  /** This session's idle lifetime in ms, or `"session"` for a browser-session cookie. */
  maxAge: number | "session";
  readonly length: number;
  readonly populated: boolean;
  toJSON(): Record<string, unknown>;
  /** Properties set on the session are its data keys (`ctx.session.passport` is `data.passport`). */
  [key: string]: unknown;
}

/** `ctx.session`: sessionkit's `Session` with koa-session's surface on top. */
export type KoaSession<D = SessionData> = Session<D> & KoaSessionCompat;

/** The `ctx.session` of one request, made the first time the application reads it. */
export function koaSessionView<D>(session: Session<D>, manager: SessionManager<D>): KoaSession<D> {
  return createSessionView<KoaSession<D>, D, SessionManager<D>>(
    KoaSessionMembers as unknown as abstract new () => SessionViewMembers<D>,
    session,
    manager,
  );
}
