import type { StoreOperation } from "./store.js";

const BRAND = Symbol.for("sessionkit.error");

/** Error codes, following Node's `ERR_*` convention. Branch on these, never on messages. */
export type SessionErrorCode =
  | "ERR_SESSION_CONFIG"
  | "ERR_SESSION_STORE"
  | "ERR_SESSION_STATE"
  | "ERR_SESSION_CONFLICT"
  | "ERR_SESSION_LIMIT";

/** Base class of every error sessionkit throws. Never thrown directly. */
export class SessionError extends Error {
  readonly code: SessionErrorCode;
  readonly [BRAND] = true;

  constructor(code: SessionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * True for any sessionkit error, also across realms and duplicated package copies, where
 * `instanceof` fails (see koajs/koa#1466).
 */
export function isSessionError(error: unknown): error is SessionError {
  return typeof error === "object" && error !== null && BRAND in error;
}

/** Invalid options, thrown once at construction. The message names the option and the rule. */
export class SessionConfigError extends SessionError {
  readonly option: string;

  constructor(option: string, rule: string) {
    super("ERR_SESSION_CONFIG", `Invalid session option \`${option}\`: ${rule}`);
    this.option = option;
  }
}

/**
 * A store call failed or did not answer in time. The `cause` is the driver's error reduced to
 * its class and identifying fields (no message text: it can quote session data).
 */
export class SessionStoreError extends SessionError {
  readonly operation: StoreOperation;
  readonly storeName: string;

  constructor(
    storeName: string,
    operation: StoreOperation,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(
      "ERR_SESSION_STORE",
      `[sessionkit/${storeName}] ${operation} failed: ${message}`,
      options,
    );
    this.operation = operation;
    this.storeName = storeName;
  }
}

/** The session was misused: written after `destroy()`, saved after headers were sent, … */
export class SessionStateError extends SessionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_SESSION_STATE", message, options);
  }
}

/** Concurrent writers kept winning for more than the configured number of retries. */
export class SessionConflictError extends SessionError {
  readonly attempts: number;

  constructor(attempts: number) {
    super(
      "ERR_SESSION_CONFLICT",
      `The session was changed concurrently ${attempts} times in a row; raise \`maxWriteRetries\` if this is expected.`,
    );
    this.attempts = attempts;
  }
}

/** Which configured limit a {@link SessionLimitError} hit. */
export type SessionLimit = "maxSessionBytes" | "maxSessionsPerUser";

/**
 * A write would break a configured limit: the session is larger than `maxSessionBytes`, or a
 * sign-in would exceed `maxSessionsPerUser` with `onTooManySessions: "refuse"`. Nothing was
 * written. Reaches the framework's error path like any error of the request, or the caller of
 * `session.save()`, which can answer it (a "too many devices" page, a smaller cart).
 */
export class SessionLimitError extends SessionError {
  readonly limit: SessionLimit;
  readonly max: number;
  readonly actual: number;

  constructor(limit: SessionLimit, max: number, actual: number) {
    const what =
      limit === "maxSessionBytes"
        ? `the session serialises to ${actual} bytes, more than maxSessionBytes (${max})`
        : `the user already has ${actual} sessions, maxSessionsPerUser is ${max}`;
    super("ERR_SESSION_LIMIT", `Session limit: ${what}; nothing was written.`);
    this.limit = limit;
    this.max = max;
    this.actual = actual;
  }
}
