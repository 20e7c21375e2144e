import { type CommitResult, DeferredSessionInput, type SessionInput } from "@sessionkit/core";

/** What the binding uses of a Koa context (2 and 3 alike). */
export interface KoaLikeContext {
  /** Koa's HTTPS decision, with `app.proxy` applied. */
  readonly secure: boolean;
  readonly ip: string;
  /** The response status so far (Koa's default is 404 until a body or status is set). */
  readonly status: number;
  /** The reason phrase Koa will send (`res.statusMessage`, or the status's own). */
  readonly message?: string;
  get(field: string): string;
  append(field: string, value: string | string[]): void;
}

/**
 * The session input of a Koa context; the trust-proxy rules stay Koa's own. `secure` and `ip`
 * are asked of Koa only when the core needs them (a cookie to send, device facts to record):
 * both apply `app.proxy`, which an anonymous visitor never needs.
 */
export function requestInput(ctx: KoaLikeContext): SessionInput {
  return new KoaInput(ctx);
}

class KoaInput extends DeferredSessionInput {
  readonly #ctx: KoaLikeContext;

  constructor(ctx: KoaLikeContext) {
    super();
    this.#ctx = ctx;
  }

  header(name: string): string | undefined {
    // Koa answers "" for a missing header; the core expects undefined.
    return this.#ctx.get(name) || undefined;
  }

  protected readSecure(): boolean {
    return this.#ctx.secure;
  }

  protected readIp(): string | undefined {
    return this.#ctx.ip || undefined;
  }
}

/** Appends a commit's headers, keeping every `Set-Cookie` already on the response. */
export function applyCommit(ctx: KoaLikeContext, result: CommitResult): void {
  for (const [name, value] of result.headers) ctx.append(name, value);
}

/**
 * Koa's error handler removes every response header, then sets the error's own `headers`.
 * Headers an early `save()` produced (a new token after a regenerate) ride along there, so
 * the client does not keep a token whose record that `save()` already replaced.
 */
export function attachToError(error: unknown, result: CommitResult): void {
  if (result.headers.length === 0 || typeof error !== "object" || error === null) return;
  const carrier = error as { headers?: Record<string, string | string[]> };
  const headers = { ...carrier.headers };
  for (const [name, value] of result.headers) {
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [existing, value].flat();
  }
  try {
    carrier.headers = headers;
  } catch {
    // A frozen error keeps its own headers; the early save() still happened.
  }
}
