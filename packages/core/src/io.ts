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
