import { serialize as serializeCookie } from "cookie";
import { type Clock, systemClock } from "./clock.js";
import { SessionConfigError } from "./errors.js";
import type { SessionEvent } from "./events.js";
import type { SessionInput } from "./io.js";
import { resolveLimits, type SessionLimits } from "./limits-options.js";
import type { MigrationSource } from "./migrate/source.js";
import type { SessionStore } from "./store.js";
import { generateToken } from "./token.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Attributes of the session cookie. Secure defaults: HttpOnly, SameSite=Lax, Path=/. */
export interface SessionCookieOptions {
  /** Cookie name. A `__Host-` name requires Secure, Path=/ and no Domain. @default "sid" */
  name?: string;
  /** Share the cookie with sub-domains. Not allowed with a `__Host-` name. */
  domain?: string;
  /** @default "/" */
  path?: string;
  /** @default "lax" */
  sameSite?: "lax" | "strict" | "none";
  /**
   * `true` always, `false` never, `"auto"` when the request is secure as the framework decided it
   * (HTTPS, or HTTPS behind a proxy the framework trusts) or when `NODE_ENV` is `production`.
   * @default "auto"
   */
  secure?: boolean | "auto";
  /** @default true */
  httpOnly?: boolean;
  /** CHIPS: partitioned cookie for third-party contexts. Requires Secure. @default false */
  partitioned?: boolean;
  /**
   * `true`: the cookie carries Max-Age up to the session's expiry (survives a browser restart).
   * `false`: a browser-session cookie (the server still enforces expiry).
   * @default true
   */
  persistent?: boolean;
}

/**
 * Where the client carries its token. `"cookie"` (default) for browsers; a header for API and
 * mobile clients: `{ header: "authorization" }` reads `Authorization: Bearer <token>`, any other
 * name reads the header's whole value. New tokens go back in `responseHeader`.
 */
export type TokenTransport =
  | "cookie"
  | {
      header: string;
      /** Response header that carries a new token. @default "x-session-token" for authorization, else the same header */
      responseHeader?: string;
    };

export interface SessionOptions {
  /**
   * Secret(s) for signing tokens, each at least 32 bytes. The first signs; all verify, so a
   * rotation prepends the new secret and keeps the old one until its cookies have expired.
   */
  secret: string | readonly string[];
  /** Where sessions live, e.g. `new MemoryStore()` from `@sessionkit/store-memory`. */
  store: SessionStore;
  cookie?: SessionCookieOptions;
  /** @default "cookie" */
  transport?: TokenTransport;
  /** Idle lifetime in ms: a session unused this long expires. @default 24 hours */
  idleTimeout?: number;
  /** Absolute lifetime in ms from creation, whatever the activity; `Infinity` disables. @default 7 days */
  absoluteTimeout?: number;
  /** Extend the idle expiry on activity (throttled by `touchAfter`). @default true */
  rolling?: boolean;
  /**
   * With `rolling`, an unmodified request extends the session only when at least this many ms
   * passed since the last extension; inside the window it costs one read and no write.
   * @default min(1 minute, idleTimeout / 2)
   */
  touchAfter?: number;
  /**
   * The same throttle seen from the other side: extend only once the remaining idle lifetime
   * falls under this many ms. Equivalent to `touchAfter = idleTimeout - refreshThreshold`; give
   * one or the other.
   */
  refreshThreshold?: number;
  /** Store (and send a cookie for) sessions nobody wrote to. @default false */
  saveUninitialized?: boolean;
  /** Retries of a compare-and-set write that lost to a concurrent writer. @default 32 */
  maxWriteRetries?: number;
  /** A store call that takes longer fails with `SessionStoreError`. @default 5000 */
  storeTimeout?: number;
  /** Token generator (32 random bytes, base64url, by default). Must return base64url. */
  generateToken?: () => string;
  /** Time source, for tests. */
  clock?: Clock;
  /** Audit hook: created, regenerated, destroyed, revoked, expired, … Errors it throws are ignored. */
  onEvent?: (event: SessionEvent) => void;
  /**
   * The tenant a new session belongs to, stored in `meta.tenantId` (e.g. from the Host header:
   * `tenant: (input) => input.header("host")?.split(".")[0]`). Sessions can then be listed and
   * revoked per tenant. Called once, when a session is created.
   */
  tenant?: (input: SessionInput) => string | undefined;
  /**
   * Largest session, in bytes of its `data` and `meta` as JSON (UTF-8). A write past it fails
   * with a `SessionLimitError` and writes nothing. @default Infinity (no limit)
   */
  maxSessionBytes?: number;
  /**
   * Most live sessions one user may have. Checked when a session is signed in (created with, or
   * regenerated to, a user): see `onTooManySessions`. Needs a store with `listByUser`.
   * @default Infinity (no limit)
   */
  maxSessionsPerUser?: number;
  /**
   * What a sign-in past `maxSessionsPerUser` does: `"revoke-oldest"` signs out the user's least
   * recently active sessions to make room (a `revoked` event each); `"refuse"` fails the
   * sign-in with a `SessionLimitError`, nothing written. Concurrent sign-ins of one user in the
   * same instant can each see room, so the bound holds give or take those.
   * @default "revoke-oldest"
   */
  onTooManySessions?: "revoke-oldest" | "refuse";
  /**
   * Move sessions of the library sessionkit replaces as their users come back, logging no one
   * out: `fromExpressSession({ secret, store })` or `fromKoaSession({ keys, store })`. See the
   * migration guides in docs/migration/.
   */
  migrate?: MigrationSource;
}

export interface ResolvedCookieOptions {
  name: string;
  domain: string | undefined;
  path: string;
  sameSite: "lax" | "strict" | "none";
  secure: boolean | "auto";
  httpOnly: boolean;
  partitioned: boolean;
  persistent: boolean;
}

export type ResolvedTransport =
  | { kind: "cookie" }
  | { kind: "header"; header: string; bearer: boolean; responseHeader: string };

/** Options after defaults and validation. Built once; never mutated per request. */
export interface ResolvedSessionOptions {
  secrets: readonly string[];
  store: SessionStore;
  cookie: ResolvedCookieOptions;
  transport: ResolvedTransport;
  idleTimeout: number;
  absoluteTimeout: number;
  rolling: boolean;
  touchAfter: number;
  saveUninitialized: boolean;
  maxWriteRetries: number;
  storeTimeout: number;
  generateToken: () => string;
  clock: Clock;
  onEvent: ((event: SessionEvent) => void) | undefined;
  tenant: ((input: SessionInput) => string | undefined) | undefined;
  limits: SessionLimits;
  migrate: MigrationSource | undefined;
  production: boolean;
}

function positive(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value <= 0) {
    throw new SessionConfigError(option, "must be a positive number of milliseconds");
  }
  return value;
}

function finitePositive(option: string, value: number | undefined, fallback: number): number {
  const n = positive(option, value, fallback);
  if (!Number.isFinite(n)) throw new SessionConfigError(option, "must be finite");
  return n;
}

function resolveSecrets(secret: SessionOptions["secret"] | undefined): string[] {
  const list = typeof secret === "string" ? [secret] : secret ? [...secret] : [];
  if (list.length === 0) {
    throw new SessionConfigError("secret", "at least one secret of 32 or more bytes is required");
  }
  for (const s of list) {
    if (typeof s !== "string" || Buffer.byteLength(s) < 32) {
      throw new SessionConfigError("secret", "every secret must be at least 32 bytes long");
    }
  }
  return list;
}

function resolveCookie(cookie: SessionCookieOptions = {}): ResolvedCookieOptions {
  const resolved: ResolvedCookieOptions = {
    name: cookie.name ?? "sid",
    domain: cookie.domain,
    path: cookie.path ?? "/",
    sameSite: cookie.sameSite ?? "lax",
    secure: cookie.secure ?? "auto",
    httpOnly: cookie.httpOnly ?? true,
    partitioned: cookie.partitioned ?? false,
    persistent: cookie.persistent ?? true,
  };
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(resolved.name)) {
    throw new SessionConfigError("cookie.name", "must be a valid cookie name (RFC 6265 token)");
  }
  if (!["lax", "strict", "none"].includes(resolved.sameSite)) {
    throw new SessionConfigError("cookie.sameSite", 'must be "lax", "strict" or "none"');
  }
  validateCookieAttribute("path", resolved.path);
  if (resolved.domain !== undefined) validateCookieAttribute("domain", resolved.domain);
  // Cookie prefixes: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1.3
  // Browsers match them case-insensitively, so `__host-sid` gets the same rules.
  const lowerName = resolved.name.toLowerCase();
  const host = lowerName.startsWith("__host-");
  const prefixed = host || lowerName.startsWith("__secure-");
  if (host) {
    if (resolved.domain !== undefined) {
      throw new SessionConfigError("cookie.domain", "a __Host- cookie must not set a Domain");
    }
    if (resolved.path !== "/") {
      throw new SessionConfigError("cookie.path", 'a __Host- cookie must use Path "/"');
    }
  }
  if (resolved.secure === false) {
    if (prefixed) {
      throw new SessionConfigError("cookie.secure", "a __Host- or __Secure- cookie must be Secure");
    }
    if (resolved.sameSite === "none") {
      throw new SessionConfigError("cookie.secure", 'SameSite "none" requires a Secure cookie');
    }
    if (resolved.partitioned) {
      throw new SessionConfigError("cookie.secure", "a Partitioned cookie must be Secure");
    }
  }
  // Browsers drop these cookies without Secure, so "auto" becomes "always" for them.
  if (prefixed || resolved.sameSite === "none" || resolved.partitioned) resolved.secure = true;
  return resolved;
}

/**
 * Rejects at start-up a `path` or `domain` the `cookie` package would refuse to serialise, which
 * would otherwise throw on every request that sets the cookie, after the store write.
 */
function validateCookieAttribute(option: "path" | "domain", value: unknown): void {
  if (typeof value !== "string" || value === "") {
    throw new SessionConfigError(`cookie.${option}`, "must be a non-empty string");
  }
  if (option === "path" && !value.startsWith("/")) {
    throw new SessionConfigError("cookie.path", 'must start with "/"');
  }
  try {
    serializeCookie("sid", "x", { [option]: value });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SessionConfigError(`cookie.${option}`, `is not a valid cookie ${option} (${reason})`);
  }
}

function resolveTransport(transport: TokenTransport = "cookie"): ResolvedTransport {
  if (transport === "cookie") return { kind: "cookie" };
  const header = transport.header?.toLowerCase();
  if (!header || !/^[a-z0-9-]+$/.test(header)) {
    throw new SessionConfigError("transport.header", "must be a header name");
  }
  const bearer = header === "authorization";
  const responseHeader = (
    transport.responseHeader ?? (bearer ? "x-session-token" : header)
  ).toLowerCase();
  return { kind: "header", header, bearer, responseHeader };
}

/**
 * Applies defaults and validates options once, at construction. Anything invalid throws a
 * `SessionConfigError` naming the option; nothing here runs per request.
 */
export function resolveOptions(options: SessionOptions): ResolvedSessionOptions {
  if (typeof options !== "object" || options === null) {
    throw new SessionConfigError("options", "an options object is required");
  }
  const store = options.store;
  if (
    !store ||
    typeof store.get !== "function" ||
    typeof store.set !== "function" ||
    typeof store.touch !== "function" ||
    typeof store.destroy !== "function"
  ) {
    throw new SessionConfigError(
      "store",
      "a SessionStore is required, e.g. new MemoryStore() from @sessionkit/store-memory",
    );
  }
  const idleTimeout = finitePositive("idleTimeout", options.idleTimeout, DAY);
  const absoluteTimeout = positive("absoluteTimeout", options.absoluteTimeout, 7 * DAY);
  if (options.touchAfter !== undefined && options.refreshThreshold !== undefined) {
    throw new SessionConfigError("refreshThreshold", "give either touchAfter or refreshThreshold");
  }
  let touchAfter = Math.min(MINUTE, idleTimeout / 2);
  if (options.touchAfter !== undefined) {
    touchAfter = finitePositive("touchAfter", options.touchAfter, touchAfter);
  } else if (options.refreshThreshold !== undefined) {
    const threshold = finitePositive("refreshThreshold", options.refreshThreshold, 0);
    if (threshold > idleTimeout) {
      throw new SessionConfigError("refreshThreshold", "must not exceed idleTimeout");
    }
    touchAfter = idleTimeout - threshold;
  }
  if (touchAfter > idleTimeout) {
    throw new SessionConfigError("touchAfter", "must not exceed idleTimeout");
  }
  const maxWriteRetries = options.maxWriteRetries ?? 32;
  if (!Number.isInteger(maxWriteRetries) || maxWriteRetries < 0) {
    throw new SessionConfigError("maxWriteRetries", "must be a non-negative integer");
  }
  if (options.generateToken !== undefined && typeof options.generateToken !== "function") {
    throw new SessionConfigError("generateToken", "must be a function returning a string");
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== "function") {
    throw new SessionConfigError("onEvent", "must be a function");
  }
  if (options.tenant !== undefined && typeof options.tenant !== "function") {
    throw new SessionConfigError("tenant", "must be a function of the request input");
  }
  return {
    secrets: resolveSecrets(options.secret),
    store,
    cookie: resolveCookie(options.cookie),
    transport: resolveTransport(options.transport),
    idleTimeout,
    absoluteTimeout,
    rolling: options.rolling ?? true,
    touchAfter,
    saveUninitialized: options.saveUninitialized ?? false,
    maxWriteRetries,
    storeTimeout: finitePositive("storeTimeout", options.storeTimeout, 5 * SECOND),
    limits: resolveLimits(options, store),
    migrate: resolveMigrate(options.migrate),
    generateToken: options.generateToken ?? generateToken,
    clock: options.clock ?? systemClock,
    onEvent: options.onEvent,
    tenant: options.tenant,
    production: process.env.NODE_ENV === "production",
  };
}

function resolveMigrate(source: MigrationSource | undefined): MigrationSource | undefined {
  if (source === undefined) return undefined;
  const fine =
    typeof source === "object" &&
    source !== null &&
    typeof source.presentIn === "function" &&
    typeof source.read === "function" &&
    typeof source.clear === "function";
  if (!fine) {
    throw new SessionConfigError(
      "migrate",
      "must be a migration source, e.g. fromExpressSession({ secret, store }) or fromKoaSession({ keys, store })",
    );
  }
  return source;
}
