import {
  createSessionView,
  idleTimeoutOf,
  linkOf,
  persistentCookieOf,
  type RegenerateOptions,
  reloadSession,
  type Session,
  type SessionData,
  type SessionManager,
  SessionViewMembers,
  setOwnLifetime,
} from "@sessionkit/core";
import type { ExpressLikeRequest } from "./io.js";
import { unsetSession } from "./request-prototype.js";

type Callback = (error?: unknown) => void;

interface Host {
  req: ExpressLikeRequest & { session?: unknown; sessionID?: string | undefined };
  manager: SessionManager<unknown>;
}

/**
 * `req.session.cookie` as express-session has it, over this session's own lifetime: writing
 * `maxAge` (ms) or `expires` gives the session its own idle lifetime ("remember me", stored in
 * `meta.idleTimeout`, still capped by `absoluteTimeout`); `null` makes its cookie a
 * browser-session cookie. The other attributes are the middleware's cookie options, read-only.
 */
export class SessionCookie {
  readonly #session: Session<unknown>;
  readonly #manager: SessionManager<unknown>;

  constructor(session: Session<unknown>, manager: SessionManager<unknown>) {
    this.#session = session;
    this.#manager = manager;
  }

  #persistent(): boolean {
    return persistentCookieOf(this.#manager.options, this.#session.meta);
  }

  /** The idle lifetime a response sends now (ms), or null for a browser-session cookie. */
  get originalMaxAge(): number | null {
    return this.#persistent() ? idleTimeoutOf(this.#manager.options, this.#session.meta) : null;
  }

  /** Ms until the session expires if it is extended now; null for a browser-session cookie. */
  get maxAge(): number | null {
    if (!this.#persistent()) return null;
    const { options } = this.#manager;
    const now = options.clock.now();
    const idle = idleTimeoutOf(options, this.#session.meta);
    return Math.min(now + idle, this.#session.createdAt + options.absoluteTimeout) - now;
  }

  set maxAge(value: number | null) {
    const what = "req.session.cookie.maxAge";
    setOwnLifetime(this.#manager.options, this.#session.meta, value, what);
  }

  get expires(): Date | null {
    const maxAge = this.maxAge;
    return maxAge === null ? null : new Date(this.#manager.options.clock.now() + maxAge);
  }

  set expires(value: Date | null) {
    this.maxAge = value === null ? null : value.getTime() - this.#manager.options.clock.now();
  }

  get httpOnly(): boolean {
    return this.#manager.options.cookie.httpOnly;
  }
  get path(): string {
    return this.#manager.options.cookie.path;
  }
  get domain(): string | undefined {
    return this.#manager.options.cookie.domain;
  }
  get sameSite(): string {
    return this.#manager.options.cookie.sameSite;
  }
  get secure(): boolean | "auto" {
    return this.#manager.options.cookie.secure;
  }

  toJSON() {
    const { originalMaxAge, expires, httpOnly, path, domain, sameSite, secure } = this;
    return { originalMaxAge, expires, httpOnly, path, domain, sameSite, secure };
  }
}

function hostOf(view: object): Host {
  return linkOf<unknown, Host>(view).host;
}

function sessionOf(view: object): Session<unknown> {
  return linkOf<unknown, Host>(view).session;
}

/** Runs `work`; hands its outcome to `callback` when given, else returns it as a promise. */
function settle<T>(
  view: T,
  work: Promise<void>,
  callback: Callback | undefined,
): T | Promise<void> {
  if (!callback) return work;
  work.then(() => callback(), callback);
  return view;
}

/** `req.sessionID` follows the store handle once the session is stored. */
function syncSessionId(view: object): void {
  const { req } = hostOf(view);
  const session = sessionOf(view);
  req.sessionID = session.isNew && !session.destroyed ? req.sessionID : session.id;
}

/**
 * express-session's methods on `req.session`, with its meaning when called its way (with a
 * callback) and sessionkit's when called without one:
 * - `regenerate(cb)`: `req.session` becomes a fresh, empty session (new token, no user, default
 *   lifetime) and the old object keeps the old values, as express-session does — Passport 0.7
 *   copies what it keeps from it. `regenerate()` / `regenerate({ keep })` is sessionkit's: the
 *   same object, data kept unless told otherwise. Either way the store write happens at the next
 *   `save()` or when the response goes out, as a compare-and-set like every other write.
 * - `destroy(cb)`: deletes the session now, clears the cookie, and unsets `req.session`.
 *   `destroy()` records it for the end of the request (the cookie is cleared either way).
 * - `save(cb)` / `await save()`, `reload(cb)` / `await reload()`: now.
 * - `touch()` / `resetMaxAge()`: extend the idle expiry when the response goes out.
 */
class ExpressSessionMembers extends SessionViewMembers<unknown> {
  get cookie(): SessionCookie {
    return new SessionCookie(sessionOf(this), hostOf(this).manager);
  }

  override regenerate(
    optionsOrCallback?: RegenerateOptions | Callback,
    maybeCallback?: Callback,
  ): unknown {
    const callback = typeof optionsOrCallback === "function" ? optionsOrCallback : maybeCallback;
    const options = typeof optionsOrCallback === "function" ? undefined : optionsOrCallback;
    const session = sessionOf(this);
    if (!callback) {
      session.regenerate(options);
      return Promise.resolve();
    }
    try {
      const previous = session.data as object;
      session.regenerate(options ?? { keep: false });
      if (!options) {
        session.userId = null;
        delete session.meta.idleTimeout;
        delete session.meta.persistent;
      }
      const { req, manager } = hostOf(this);
      linkOf(this).detached = previous;
      req.session = expressSessionView(session, req, manager);
    } catch (error) {
      process.nextTick(callback, error);
      return this;
    }
    process.nextTick(callback);
    return this;
  }

  override destroy(callback?: Callback): unknown {
    const session = sessionOf(this);
    if (!callback) {
      session.destroy();
      return Promise.resolve();
    }
    const { req } = hostOf(this);
    if (req.session === this) unsetSession(req);
    session.destroy();
    return settle(this, session.save(), callback);
  }

  override save(callback?: Callback): unknown {
    const work = sessionOf(this)
      .save()
      .then(() => syncSessionId(this));
    return settle(this, work, callback);
  }

  reload(callback?: Callback): unknown {
    return settle(this, reloadSession(hostOf(this).manager, sessionOf(this)), callback);
  }

  override touch(): unknown {
    sessionOf(this).touch();
    return this;
  }

  resetMaxAge(): unknown {
    return this.touch();
  }
}

/** What express-session adds to `req.session`, beside sessionkit's own API. */
export interface ExpressSessionCompat {
  /** This session's cookie and lifetime; write `maxAge` for "remember me". */
  readonly cookie: SessionCookie;
  regenerate(callback: Callback): this;
  regenerate(options: RegenerateOptions, callback: Callback): this;
  save(callback: Callback): this;
  destroy(callback: Callback): this;
  reload(callback: Callback): this;
  reload(): Promise<void>;
  touch(): this;
  resetMaxAge(): this;
  /** Properties set on the session are its data keys (`req.session.flash` is `data.flash`). */
  [key: string]: unknown;
}

/** `req.session`: sessionkit's `Session` with express-session's surface on top. */
export type ExpressSession<D = SessionData> = Session<D> & ExpressSessionCompat;

/** The `req.session` of one request. */
export function expressSessionView<D>(
  session: Session<D>,
  req: ExpressLikeRequest,
  manager: SessionManager<D>,
): ExpressSession<D> {
  return createSessionView<ExpressSession<D>, D, Host>(
    ExpressSessionMembers as unknown as abstract new () => SessionViewMembers<D>,
    session,
    { req, manager } as Host,
  );
}
