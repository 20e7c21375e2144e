/**
 * What a binding hands the core for one request: a header reader and the framework's own
 * decision on whether the connection is secure (trust-proxy rules applied there, never here).
 */
export interface SessionInput {
  /** Reads one request header by lower-case name; joins or picks the first of repeated ones. */
  header(name: string): string | undefined;
  /** HTTPS as the framework sees it (`req.secure`, `ctx.secure`, the URL scheme). */
  secure: boolean;
  /** Client address as the framework sees it, stored in `meta.ip` on creation. */
  ip?: string | undefined;
}

/** Response headers a commit produces, in order. Bindings append them as they are. */
export interface CommitResult {
  headers: Array<[name: string, value: string]>;
}

const UNREAD = Symbol("unread");

/**
 * A `SessionInput` that asks the framework for `secure` and `ip` on first read only, and once:
 * both apply the framework's proxy rules, and a request that sends no cookie and records no
 * device (an anonymous visitor) never needs them. Bindings extend it with their reads.
 */
export abstract class DeferredSessionInput implements SessionInput {
  #secure: boolean | typeof UNREAD = UNREAD;
  #ip: string | undefined | typeof UNREAD = UNREAD;

  abstract header(name: string): string | undefined;
  /** The framework's HTTPS decision. */
  protected abstract readSecure(): boolean;
  /** The framework's client address, or undefined. */
  protected abstract readIp(): string | undefined;

  get secure(): boolean {
    if (this.#secure === UNREAD) this.#secure = this.readSecure();
    return this.#secure;
  }

  get ip(): string | undefined {
    if (this.#ip === UNREAD) this.#ip = this.readIp();
    return this.#ip;
  }
}
