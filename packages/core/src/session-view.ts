import type { RegenerateOptions, Session } from "./session.js";
import type { SessionData, SessionMeta } from "./types.js";

/**
 * The "properties on the session" surface of express-session and koa-session, over a sessionkit
 * `Session`: `view.flash = {}` writes `session.data.flash`, `view.passport` reads
 * `session.data.passport`, `Object.keys(view)` lists the data keys, and the methods and
 * accessors of a members class (`save`, `regenerate`, `cookie`, …) sit beside them.
 *
 * Why a Proxy over `session.data` rather than a separate object: the data object stays the one
 * and only source of truth (change detection, compare-and-set merging, `mutate`) and stays a
 * plain object, so a `SessionData` key such as `id` or `meta` never collides with a method on
 * `session.data`; and because every read goes to the session's *current* data object, the view
 * follows the core when it replaces that object (regenerate, a session lost to a concurrent
 * destroy). A Proxy costs one allocation per request and a trap per property access; copying the
 * data onto an object with a methods prototype costs a copy per request, and an accessor on the
 * request object costs more than either (bench notes in /work/notes/compat.md).
 */

/** The per-view state a members class reaches through `linkOf(this)`. */
export interface ViewLink<D = SessionData, H = unknown> {
  readonly session: Session<D>;
  /** What the binding needs in its members (the request, the manager…). */
  readonly host: H;
  /**
   * Set when the binding replaced this view by a fresh one (express-session's `regenerate`): the
   * old view then shows the data as it was, detached from the session, as express-session's old
   * `req.session` object does (Passport's `keepSessionInfo` copies from it).
   */
  detached: object | undefined;
}

const LINK = Symbol("sessionkit.view-link");

/** The link behind a view (`this` inside a members class). */
export function linkOf<D = SessionData, H = unknown>(view: object): ViewLink<D, H> {
  return (view as { [LINK]: ViewLink<D, H> })[LINK];
}

/** The data object a view reads and writes now. */
function dataOf(link: ViewLink<unknown, unknown>): Record<string, unknown> {
  return (link.detached ?? link.session.data) as Record<string, unknown>;
}

/**
 * sessionkit's own API on a view, forwarded to the `Session`, so code written against
 * `session.data`, `mutate()` and `userId` works unchanged on a binding's view. Bindings extend it
 * with their framework's methods (callbacks, `cookie`, `maxAge`) and may override these.
 */
export class SessionViewMembers<D = SessionData> {
  get id(): string {
    return linkOf<D>(this).session.id;
  }
  get data(): D {
    return linkOf<D>(this).session.data;
  }
  set data(value: D) {
    linkOf<D>(this).session.data = value;
  }
  get isNew(): boolean {
    return linkOf<D>(this).session.isNew;
  }
  get createdAt(): number {
    return linkOf<D>(this).session.createdAt;
  }
  get lastActiveAt(): number {
    return linkOf<D>(this).session.lastActiveAt;
  }
  get expiresAt(): number {
    return linkOf<D>(this).session.expiresAt;
  }
  get meta(): SessionMeta {
    return linkOf<D>(this).session.meta;
  }
  get userId(): string | null {
    return linkOf<D>(this).session.userId;
  }
  /** A number (express-session apps often keep numeric ids) is stored as its string. */
  set userId(value: string | number | null) {
    linkOf<D>(this).session.userId = typeof value === "number" ? String(value) : value;
  }
  get destroyed(): boolean {
    return linkOf<D>(this).session.destroyed;
  }
  regenerate(options?: RegenerateOptions): unknown {
    linkOf<D>(this).session.regenerate(options);
    return undefined;
  }
  destroy(): unknown {
    linkOf<D>(this).session.destroy();
    return undefined;
  }
  touch(): unknown {
    linkOf<D>(this).session.touch();
    return undefined;
  }
  save(): unknown {
    return linkOf<D>(this).session.save();
  }
  mutate(fn: (data: D) => void): Promise<void> {
    return linkOf<D>(this).session.mutate(fn);
  }
}

/** `data[key] = value` as an own data property, even for `__proto__` (never a prototype change). */
function setOwnData(data: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(data, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    data[key] = value;
  }
}

/** Names served by the members class (own or inherited), never by the data. */
function memberNamesOf(prototype: object): ReadonlySet<string | symbol> {
  const names = new Set<string | symbol>();
  for (let p = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const key of Reflect.ownKeys(p)) if (key !== "constructor") names.add(key);
  }
  return names;
}

const handlers = new WeakMap<object, ProxyHandler<ViewLink<unknown, unknown>>>();

/** One handler per members class, shared by every view of it. */
function handlerFor(prototype: object): ProxyHandler<ViewLink<unknown, unknown>> {
  const cached = handlers.get(prototype);
  if (cached) return cached;
  const members = memberNamesOf(prototype);
  const isDataKey = (key: string | symbol): key is string =>
    typeof key === "string" && !members.has(key);
  const handler: ProxyHandler<ViewLink<unknown, unknown>> = {
    get(link, key, receiver) {
      if (key === LINK) return link;
      if (members.has(key)) return Reflect.get(prototype, key, receiver);
      const data = dataOf(link);
      if (typeof key === "string" && Object.hasOwn(data, key)) return data[key];
      // `toString`, `hasOwnProperty`, … as on any object.
      return Reflect.get(Object.prototype, key, receiver);
    },
    set(link, key, value, receiver) {
      if (isDataKey(key)) {
        setOwnData(dataOf(link), key, value);
        return true;
      }
      // An accessor with a setter (`data`, `userId`, `maxAge`); false (TypeError) otherwise.
      const descriptor = findDescriptor(prototype, key);
      if (!descriptor?.set) return false;
      descriptor.set.call(receiver, value);
      return true;
    },
    has(link, key) {
      return members.has(key) || (typeof key === "string" && Object.hasOwn(dataOf(link), key));
    },
    deleteProperty(link, key) {
      if (!isDataKey(key)) return !members.has(key);
      delete dataOf(link)[key];
      return true;
    },
    ownKeys(link) {
      return Object.keys(dataOf(link));
    },
    getOwnPropertyDescriptor(link, key) {
      const data = dataOf(link);
      if (!isDataKey(key) || !Object.hasOwn(data, key)) return undefined;
      return { value: data[key], writable: true, enumerable: true, configurable: true };
    },
    defineProperty(link, key, descriptor) {
      if (!isDataKey(key) || !("value" in descriptor)) return false;
      setOwnData(dataOf(link), key, descriptor.value);
      return true;
    },
    getPrototypeOf() {
      return prototype;
    },
    setPrototypeOf() {
      return false;
    },
  };
  handlers.set(prototype, handler);
  return handler;
}

function findDescriptor(prototype: object, key: string | symbol): PropertyDescriptor | undefined {
  for (let p = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const descriptor = Object.getOwnPropertyDescriptor(p, key);
    if (descriptor) return descriptor;
  }
  return undefined;
}

/**
 * A view of `session` whose own properties are its data keys and whose methods come from
 * `Members` (a `SessionViewMembers` subclass). Created per request by a binding, ideally only
 * when the application first reads `req.session` / `ctx.session`.
 */
export function createSessionView<V extends object, D = SessionData, H = unknown>(
  Members: abstract new () => SessionViewMembers<D>,
  session: Session<D>,
  host: H,
): V {
  const link: ViewLink<D, H> = { session, host, detached: undefined };
  return new Proxy(link, handlerFor(Members.prototype) as ProxyHandler<ViewLink<D, H>>) as V;
}
