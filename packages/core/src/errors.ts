import type { StoreOperation } from "./store.js";

const BRAND = Symbol.for("sessionkit.error");

/** Error codes, following Node's `ERR_*` convention. Branch on these, never on messages. */
export type SessionErrorCode =
  | "ERR_SESSION_CONFIG"
  | "ERR_SESSION_STORE"
  | "ERR_SESSION_STATE"
  | "ERR_SESSION_CONFLICT";

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
