import type { IncomingMessage, ServerResponse } from "node:http";
import type { CommitResult, SessionInput } from "@sessionkit/core";

/** What the binding reads from an Express request (4 and 5 alike). */
export interface ExpressLikeRequest extends IncomingMessage {
  /** Express's HTTPS decision, with its `trust proxy` setting applied. */
  readonly secure: boolean;
  readonly ip?: string | undefined;
}

/** The session input of an Express request; the trust-proxy rules stay Express's own. */
export function requestInput(req: ExpressLikeRequest): SessionInput {
  return {
    header(name) {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    secure: req.secure,
    ip: req.ip,
  };
}

/** Appends a commit's headers, keeping every `Set-Cookie` already on the response. */
export function applyCommit(res: ServerResponse, result: CommitResult): void {
  for (const [name, value] of result.headers) res.appendHeader(name, value);
}
