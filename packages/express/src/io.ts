import type { IncomingMessage, ServerResponse } from "node:http";
import { type CommitResult, DeferredSessionInput, type SessionInput } from "@sessionkit/core";

/** What the binding reads from an Express request (4 and 5 alike). */
export interface ExpressLikeRequest extends IncomingMessage {
  /** Express's HTTPS decision, with its `trust proxy` setting applied. */
  readonly secure: boolean;
  readonly ip?: string | undefined;
}

/**
 * The session input of an Express request; the trust-proxy rules stay Express's own. `secure`
 * and `ip` are asked of Express only when the core needs them (a cookie to send, device facts
 * to record): both run Express's proxy rules, which an anonymous visitor never needs.
 */
export function requestInput(req: ExpressLikeRequest): SessionInput {
  return new ExpressInput(req);
}

class ExpressInput extends DeferredSessionInput {
  readonly #req: ExpressLikeRequest;

  constructor(req: ExpressLikeRequest) {
    super();
    this.#req = req;
  }

  header(name: string): string | undefined {
    const value = this.#req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  }

  protected readSecure(): boolean {
    return this.#req.secure;
  }

  protected readIp(): string | undefined {
    return this.#req.ip;
  }
}

/** Appends a commit's headers, keeping every `Set-Cookie` already on the response. */
export function applyCommit(res: ServerResponse, result: CommitResult): void {
  for (const [name, value] of result.headers) res.appendHeader(name, value);
}
