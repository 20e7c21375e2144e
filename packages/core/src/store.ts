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
   * One page of live sessions, newest first: ordered by `createdAt` descending, then `id`
   * descending (both never change, so a session touched or updated while an operator pages
   * is neither repeated nor missed). Filters by `userId` and/or `meta.tenantId` when given.
   * Pass the page's `cursor` back to get the next page; `cursor: null` means the last page.
   * A session created after the first page may or may not appear. Implement it only where it
   * can be served from an index; a store that cannot declares so (`capabilities.listSessions:
   * false` in the conformance suite) and leaves the method out.
   */
  listSessions?(query: SessionListQuery): Promise<SessionListPage>;

  /** Deletes every live session whose `meta.tenantId` is `tenantId`; resolves how many. */
  destroyByTenant?(tenantId: string): Promise<number>;

  /** Removes expired records (or index entries); resolves how many were removed. */
  cleanup?(): Promise<number>;

  /** Releases what the store created itself. Never closes a client the app passed in. */
  close?(): Promise<void>;
}

/** What {@link SessionStore.listSessions} is asked for. */
export interface SessionListQuery {
  /** Page size, an integer from 1 to {@link MAX_LIST_LIMIT}. */
  limit: number;
  /** The previous page's `cursor`; absent (or `null`) for the first page. Opaque. */
  cursor?: string | null;
  /** Only this user's sessions. */
  userId?: string;
  /** Only sessions whose `meta.tenantId` is this. */
  tenantId?: string;
}

/** One page of {@link SessionStore.listSessions}. */
export interface SessionListPage {
  records: SessionRecord[];
  /** Pass it back as `cursor` for the next page; `null` when there is none. */
  cursor: string | null;
}

/** The largest page a store serves. */
export const MAX_LIST_LIMIT = 1_000;

/** The store operations, as named in `SessionStoreError#operation`. */
export type StoreOperation =
  | "get"
  | "set"
  | "touch"
  | "destroy"
  | "listByUser"
  | "destroyByUser"
  | "cleanup"
  | "listSessions"
  | "destroyByTenant"
  | "close"
  /** Schema or index set-up a store runs before use (migrations, `ensureIndexes`). */
  | "setup";
