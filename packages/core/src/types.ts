/**
 * The shape of `session.data`. Empty by default; applications describe their own data by
 * declaration merging, once, anywhere in their code:
 *
 * @example
 * declare module "@sessionkit/core" {
 *   interface SessionData { cart?: string[]; theme?: "dark" | "light" }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by applications (declaration merging).
export interface SessionData {}

/** Device and tenant details kept beside the data, shown in "signed-in devices" lists. */
export interface SessionMeta {
  userAgent?: string;
  ip?: string;
  tenantId?: string;
  /** This session's own idle lifetime in ms ("remember me"), instead of the `idleTimeout` option. Still capped by `absoluteTimeout`. */
  idleTimeout?: number;
  /** This session's own `cookie.persistent`: `false` makes its cookie a browser-session cookie. */
  persistent?: boolean;
  /**
   * @internal Set only on the short-lived tombstone a regeneration leaves at the old id, so
   * requests still holding the old token know it was replaced, not revoked. Never on a live
   * session; applications never set it.
   */
  replaced?: true;
}

/**
 * What a store keeps for one session. Metadata never shares a namespace with `data`.
 *
 * `id` is the SHA-256 hash (base64url) of the token the client holds, never the token itself:
 * a leaked store yields no usable session, and `id` can be shown to an administrator as a
 * handle that revokes but cannot impersonate.
 */
export interface SessionRecord<D = Record<string, unknown>> {
  /** Store key: SHA-256 of the client's token, base64url (43 characters). */
  id: string;
  /** Who the session belongs to, once signed in. */
  userId: string | null;
  /** JSON-serialisable payload. */
  data: D;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  lastActiveAt: number;
  /** Epoch ms: min(idle expiry, absolute expiry). A record is live while `now < expiresAt`. */
  expiresAt: number;
  meta: SessionMeta;
  /** 1 on create, +1 on every write of data. Used for compare-and-set. */
  version: number;
}
