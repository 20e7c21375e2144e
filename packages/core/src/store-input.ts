import { MAX_LIST_LIMIT, type SessionListPage, type SessionListQuery } from "./store.js";
import type { SessionRecord } from "./types.js";

/**
 * The longest id a store accepts (record, user, tenant or except id). Core's record ids are 43
 * characters; the SQL schema's `user_id` column holds 255. Without one bound for every store,
 * a longer user id was written by SQLite, Redis and Mongo, refused by PostgreSQL and strict
 * MariaDB as a store failure (a 500 that looks like an outage), and truncated by MariaDB
 * outside strict mode, where two ids sharing their first 255 characters would match each other.
 */
export const MAX_STORE_ID_LENGTH = 255;

/**
 * Rejects a store id (record id, user id, tenant id, except id) that is not a non-empty string
 * of at most {@link MAX_STORE_ID_LENGTH} characters, before it reaches a query. A value typed
 * `string` can still arrive as an object at run time (a parsed JSON body, a query string array):
 * in a MongoDB filter `{ $ne: "x" }` would match every session, in SQL an array becomes a list.
 * An empty user id names no one, yet a store would list or revoke the sessions stored under it.
 * Stores call this at their boundary.
 *
 * @throws TypeError naming the store, the operation and the argument.
 */
export function assertStoreId(
  storeName: string,
  operation: string,
  argument: string,
  value: unknown,
): asserts value is string {
  const problem = storeIdProblem(value);
  if (problem !== null) {
    throw new TypeError(`[sessionkit/${storeName}] ${operation}: ${argument} ${problem}`);
  }
}

/** What is wrong with `value` as a store id, or null when nothing is. */
export function storeIdProblem(value: unknown): string | null {
  if (typeof value !== "string") {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    return `must be a string, got ${kind}`;
  }
  if (value.length === 0) return "must not be empty";
  if (value.length > MAX_STORE_ID_LENGTH) {
    return `must be at most ${MAX_STORE_ID_LENGTH} characters, got ${value.length}`;
  }
  return null;
}

/** Where a page ends in the listing order: the last record's `createdAt` and `id`. */
export interface ListPosition {
  createdAt: number;
  id: string;
}

/** A {@link SessionListQuery} checked and decoded. */
export interface ParsedListQuery {
  limit: number;
  /** Records strictly after this position in the listing order; `null` from the start. */
  after: ListPosition | null;
  userId?: string;
  tenantId?: string;
}

/**
 * Checks a listing query at a store's boundary (types, limit range, cursor shape).
 *
 * @throws TypeError on anything else than the documented shape.
 */
export function parseListQuery(storeName: string, query: SessionListQuery): ParsedListQuery {
  const fail = (what: string): never => {
    throw new TypeError(`[sessionkit/${storeName}] listSessions: ${what}`);
  };
  if (query === null || typeof query !== "object") fail("the query must be an object");
  const { limit, cursor, userId, tenantId } = query;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    fail(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}`);
  }
  if (userId !== undefined) assertStoreId(storeName, "listSessions", "userId", userId);
  if (tenantId !== undefined) assertStoreId(storeName, "listSessions", "tenantId", tenantId);
  const parsed: ParsedListQuery = {
    limit,
    after: cursor === undefined || cursor === null ? null : decodeListCursor(cursor),
  };
  if (userId !== undefined) parsed.userId = userId;
  if (tenantId !== undefined) parsed.tenantId = tenantId;
  return parsed;
}

/** The opaque cursor every first-party store hands out: base64url of `createdAt:id`. */
export function encodeListCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt}:${position.id}`, "utf8").toString("base64url");
}

/** @throws TypeError when `cursor` is not one {@link encodeListCursor} made. */
export function decodeListCursor(cursor: unknown): ListPosition {
  const bad = () =>
    new TypeError("[sessionkit] listSessions: the cursor is not one a page returned");
  if (typeof cursor !== "string" || !/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw bad();
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  const createdAt = Number(text.slice(0, colon));
  const id = text.slice(colon + 1);
  if (colon < 1 || !Number.isSafeInteger(createdAt) || id === "") throw bad();
  return { createdAt, id };
}

/** The listing order as a sort comparator: `createdAt` descending, then `id` descending. */
export function compareListOrder(a: ListPosition, b: ListPosition): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Whether `record` comes strictly after `position` in the listing order. */
export function isAfterListPosition(record: ListPosition, position: ListPosition | null): boolean {
  return position === null || compareListOrder(position, record) < 0;
}

/**
 * Builds a page from candidates already filtered, live and sorted in listing order, of which the
 * store fetched up to `limit + 1`: the extra one only tells that another page exists.
 */
export function toListPage(sorted: SessionRecord[], limit: number): SessionListPage {
  if (sorted.length <= limit) return { records: sorted, cursor: null };
  const records = sorted.slice(0, limit);
  return { records, cursor: encodeListCursor(records[records.length - 1]!) };
}
