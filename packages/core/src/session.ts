import { combineKeep, type KeepSpec, keepOnly } from "./data-merge.js";
import { SessionStateError } from "./errors.js";
import type { SessionInput } from "./io.js";
import { type Base, captureData } from "./snapshot.js";
import { storeKeyFor } from "./token.js";
import type { SessionData, SessionMeta } from "./types.js";

/** What `regenerate()` keeps: all data (default), none, or the listed top-level keys. */
export interface RegenerateOptions {
  keep?: boolean | readonly string[];
}

/** @internal Bookkeeping the manager reads and writes; not part of the public API. */
export interface SessionState<D> {
  /** The client's token; "" for a fresh session until one is needed (see `ensureToken`). */
  token: string;
  /** SHA-256 of `token`; "" while `token` is. */
  id: string;
  /** No stored record backed the presented token when the request arrived. */
  isNew: boolean;
  /** A stored record backs this session now. */
  stored: boolean;
  /**
   * The token the client holds, as far as this request knows: none, the live one of this
   * session, a dead one (bad signature, unknown, expired, revoked: clear it), or one a
   * concurrent regeneration replaced (leave it alone: the client has the new one).
   */
  client: "none" | "live" | "dead" | "replaced";
  rotated: boolean;
  version: number;
  createdAt: number;
  lastActiveAt: number;
  expiresAt: number;
  userId: string | null;
  meta: SessionMeta;
  data: D;
  /** As last persisted (or as created, for a new session): the base for change detection. */
  base: Base;
  /** A pending regeneration: whether it signs a user in or out, and what data it keeps. */
  regenerate: { signIn: boolean; keep: KeepSpec } | null;
  destroy: boolean;
  touchRequested: boolean;
  /** Headers produced by an early `save()`, by lower-case name; the last one of a name wins. */
  headers: Map<string, string>;
  /** Headers the reply carries besides the token's, e.g. clearing a migrated library's cookie. */
  extraHeaders?: Array<[string, string]>;
  input: SessionInput;
}

/** @internal The I/O a session delegates to its manager. */
export interface SessionDriver<D> {
  save(session: Session<D>): Promise<void>;
  mutate(session: Session<D>, fn: (data: D) => void): Promise<void>;
  newToken(): string;
}

/**
 * @internal A fresh session nobody has used yet: what a request without a (valid) token gets.
 * Its state — meta from the headers, the change-detection base — is built on first use, so a
 * visitor whose handler never touches the session costs nothing.
 */
export interface PendingSession<D> {
  client: "none" | "dead" | "replaced";
  input: SessionInput;
  build(): SessionState<D>;
}

/*
 * A session's state lives in a private field, reached by the two accessors below
 * (assigned in the class's static block). Not WeakMaps: a WeakMap entry per request keeps the
 * short-lived session alive through young-generation collections until a full one, which
 * promoted every request's session to the old space (5 ms p99 and 12 % of CPU in GC on
 * anonymous Koa requests, bench/README.md).
 */
let stateSlot: <D>(session: Session<D>) => SessionState<D> | PendingSession<D>;
let setStateSlot: <D>(session: Session<D>, state: SessionState<D>) => void;

export function isPending<D>(
  value: SessionState<D> | PendingSession<D>,
): value is PendingSession<D> {
  return "build" in value;
}

/** @internal The session's state, built now if it was still pending. */
export function stateOf<D>(session: Session<D>): SessionState<D> {
  const value = stateSlot(session);
  if (!isPending(value)) return value;
  const state = value.build();
  setStateSlot(session, state);
  return state;
}

/** @internal The pending session, or undefined once anything used it. */
export function pendingOf<D>(session: Session<D>): PendingSession<D> | undefined {
  const value = stateSlot(session);
  return isPending(value) ? value : undefined;
}

/** @internal Gives a fresh session its token the first time one is needed (its id, a write). */
export function ensureToken<D>(state: SessionState<D>, newToken: () => string): void {
  if (state.token !== "") return;
  state.token = newToken();
  state.id = storeKeyFor(state.token);
}

/**
 * One request's session, as `req.session` / `ctx.session`. Reading and writing `data` needs no
 * I/O: changes are detected by serialisation and written once, before the response is sent.
 * `regenerate()`, `destroy()` and `touch()` record what should happen at that point; `save()`
 * and `mutate()` do it now.
 */
export class Session<D = SessionData> {
  /** @internal Built by the manager. */
  #state: SessionState<D> | PendingSession<D>;
  readonly #driver: SessionDriver<D>;

  static {
    stateSlot = (session) => session.#state;
    setStateSlot = (session, state) => {
      session.#state = state;
    };
  }

  constructor(state: SessionState<D> | PendingSession<D>, driver: SessionDriver<D>) {
    this.#state = state;
    this.#driver = driver;
  }

  /** The store handle (SHA-256 of the token): safe to show and log, useless for impersonation. */
  get id(): string {
    const state = stateOf(this);
    ensureToken(state, () => this.#driver.newToken());
    return state.id;
  }

  /** The session's data. Mutate it in place or assign a new object. */
  get data(): D {
    const state = stateOf(this);
    captureData(state);
    return state.data;
  }

  set data(value: D) {
    const state = this.#writable();
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new TypeError("session.data must be a plain object");
    }
    captureData(state);
    state.data = value;
  }

  /** True when no stored session backed this request's token when it arrived. */
  get isNew(): boolean {
    return stateOf(this).isNew;
  }

  get createdAt(): number {
    return stateOf(this).createdAt;
  }

  get lastActiveAt(): number {
    return stateOf(this).lastActiveAt;
  }

  get expiresAt(): number {
    return stateOf(this).expiresAt;
  }

  /** Device and tenant details (userAgent and ip are filled in on creation). */
  get meta(): SessionMeta {
    return stateOf(this).meta;
  }

  /** Who is signed in, or null. */
  get userId(): string | null {
    return stateOf(this).userId;
  }

  /**
   * Signing in or out regenerates the session (a new token, the old one stops working), so a
   * token planted before sign-in is worthless after it (session fixation). Data is kept.
   */
  set userId(value: string | null) {
    const state = this.#writable();
    if (value !== null && (typeof value !== "string" || value.length === 0)) {
      throw new TypeError("session.userId must be a non-empty string or null");
    }
    if (value === state.userId) return;
    state.userId = value;
    state.regenerate = { signIn: true, keep: state.regenerate?.keep ?? true };
  }

  /** True once `destroy()` was called. */
  get destroyed(): boolean {
    return stateOf(this).destroy;
  }

  /**
   * Issue a new token and delete the old record when the request ends. Keeps the data unless
   * told otherwise: `{ keep: false }` drops it, `{ keep: ["cart"] }` keeps only those keys.
   */
  regenerate(options: RegenerateOptions = {}): void {
    const state = this.#writable();
    const option = options.keep ?? true;
    const keep: KeepSpec = typeof option === "boolean" ? option : new Set(option);
    captureData(state);
    if (keep !== true) state.data = keepOnly(state.data as object, keep) as D;
    state.regenerate = {
      signIn: state.regenerate?.signIn ?? false,
      // Remembered so a conflict merge drops a concurrent writer's keys the same way.
      keep: combineKeep(state.regenerate?.keep ?? true, keep),
    };
  }

  /** Delete the session and clear the client's token when the request ends. */
  destroy(): void {
    stateOf(this).destroy = true;
  }

  /** Extend the idle expiry at the end of this request even inside the `touchAfter` window. */
  touch(): void {
    this.#writable().touchRequested = true;
  }

  /**
   * Persist now instead of at the end of the request: before a redirect, or before streaming a
   * response whose headers go out early. Applies pending `regenerate()`/`destroy()` too.
   */
  save(): Promise<void> {
    return this.#driver.save(this);
  }

  /**
   * Apply `fn` to the data and write it now as a compare-and-set. If another request wrote the
   * session meanwhile, `fn` runs again on the fresh data, so concurrent `mutate` calls (say,
   * appending to a list) lose nothing.
   */
  mutate(fn: (data: D) => void): Promise<void> {
    this.#writable();
    return this.#driver.mutate(this, fn);
  }

  #writable(): SessionState<D> {
    const state = stateOf(this);
    if (state.destroy) {
      throw new SessionStateError(
        "The session was destroyed in this request; it can no longer be changed.",
      );
    }
    return state;
  }
}
