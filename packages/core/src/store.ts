import type { SessionRecord } from "./types.js";

/**
 * The contract every session store implements. All methods are promise-based and receive only
 * plain data: store keys (hashes of tokens), records and timestamps — never a framework object,
 * middleware options or a raw token.
 *
 * Expiry is absolute (`expiresAt`, epoch ms). A record is live while `Date.now() < expiresAt`;
 * stores must filter on read even where the database also expires records natively, because
 * native sweeps (Mongo's TTL monitor, SQL cleanup jobs) run late.
 *
 * Run `describeStoreConformance` from `@sessionkit/conformance` to check an implementation.
 */
export interface SessionStore {
  /** Short name used in error messages, e.g. `"store-redis"`. */
  readonly name?: string;

  /** The live record with this id, or `null` when it is missing or expired. */
  get(id: string): Promise<SessionRecord | null>;

  /**
   * Compare-and-set. Writes `record` only if the stored version equals `expectedVersion`
   * (`null`: only if no live record with this id exists; an expired one may be replaced).
   * Resolves `true` when written, `false` on conflict. Never recreates a destroyed record
   * when `expectedVersion` is a number.
   */
  set(record: SessionRecord, expectedVersion: number | null): Promise<boolean>;

  /**
   * Extends a live record without rewriting its data or version. Resolves `false` when the
   * record is missing or expired; never recreates it.
   */
  touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean>;

  /** Deletes the record. Idempotent: deleting an unknown id resolves normally. */
  destroy(id: string): Promise<void>;

  /** The user's live sessions, most recent activity first. */
  listByUser?(userId: string): Promise<SessionRecord[]>;

  /** Deletes every session of the user except `exceptId`; resolves how many were deleted. */
  destroyByUser?(userId: string, exceptId?: string): Promise<number>;

  /**
   * One page of live sessions, ordered by `id`, optionally only one user's or one tenant's
   * (`meta.tenantId`). `cursor` is the previous page's `nextCursor` (opaque to callers);
   * `nextCursor` is null on the last page. Admin pages and per-tenant revocation use it.
   */
  listSessions?(query: SessionListQuery): Promise<SessionPage>;

  /** Removes expired records (or index entries); resolves how many were removed. */
  cleanup?(): Promise<number>;

  /** Releases what the store created itself. Never closes a client the app passed in. */
  close?(): Promise<void>;
}

/** What `SessionStore#listSessions` is asked for. */
export interface SessionListQuery {
  /** Page size, 1 to 1000. */
  limit: number;
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor?: string | undefined;
  userId?: string | undefined;
  tenantId?: string | undefined;
}

/** One page of `SessionStore#listSessions`. */
export interface SessionPage {
  sessions: SessionRecord[];
  /** Where the next page starts, or null when this was the last one. */
  nextCursor: string | null;
}

/** The store operations, as named in `SessionStoreError#operation`. */
export type StoreOperation =
  | "get"
  | "set"
  | "touch"
  | "destroy"
  | "listByUser"
  | "destroyByUser"
  | "listSessions"
  | "cleanup"
  | "close"
  /** Schema or index set-up a store runs before use (migrations, `ensureIndexes`). */
  | "setup";
