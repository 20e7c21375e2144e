import type { SessionMeta, SessionRecord } from "@sessionkit/core";

/** The columns of the session table, in the order they are written. */
export const COLUMNS = [
  "id",
  "user_id",
  "data",
  "meta",
  "created_at",
  "last_active_at",
  "expires_at",
  "version",
] as const;

/** Every column but the primary key: what a replacing write sets. */
export const MUTABLE_COLUMNS = COLUMNS.filter((column) => column !== "id");

/** A row as the drivers return it: pg reads BIGINT as strings, better-sqlite3 may use bigint. */
export interface SessionRow {
  id: string;
  user_id: string | null;
  data: unknown;
  meta: unknown;
  created_at: number | string | bigint;
  last_active_at: number | string | bigint;
  expires_at: number | string | bigint;
  version: number | string | bigint;
}

/** The values written for a record. JSON goes into text columns, timestamps as epoch ms. */
export interface SessionRowValues {
  id: string;
  user_id: string | null;
  data: string;
  meta: string;
  created_at: number;
  last_active_at: number;
  expires_at: number;
  version: number;
}

export function toRow(record: SessionRecord): SessionRowValues {
  return {
    id: record.id,
    user_id: record.userId,
    data: JSON.stringify(record.data),
    meta: JSON.stringify(record.meta),
    created_at: record.createdAt,
    last_active_at: record.lastActiveAt,
    expires_at: record.expiresAt,
    version: record.version,
  };
}

export function fromRow(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    data: parseJson(row.data) as Record<string, unknown>,
    meta: parseJson(row.meta) as SessionMeta,
    createdAt: Number(row.created_at),
    lastActiveAt: Number(row.last_active_at),
    expiresAt: Number(row.expires_at),
    version: Number(row.version),
  };
}

// The store writes text, but a table an operator migrated to json/jsonb comes back parsed.
function parseJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}
