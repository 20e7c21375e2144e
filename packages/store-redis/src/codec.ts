import type { SessionMeta, SessionRecord } from "@sessionkit/core";

/**
 * A record is stored as a Redis hash with one field per attribute, so scripts read and update
 * `version`, `expiresAt` and `lastActiveAt` without parsing JSON (Lua's cjson would re-encode
 * numbers with 14 significant digits and turn `[]` into `{}`), and an operator can read it with
 * `HGETALL`. `data` and `meta` are JSON text, produced and parsed in Node only. `userId` is
 * absent for an anonymous session. Scripts also keep `scoredAt`, the deadline the ledger and
 * user index hold for the record (see `scripts.ts`); it is not part of the record.
 */
export const RECORD_FIELDS = [
  "data",
  "meta",
  "userId",
  "createdAt",
  "lastActiveAt",
  "expiresAt",
  "version",
] as const;

/** The record's fields, as script arguments. */
export interface EncodedRecord {
  data: string;
  meta: string;
  /** `""` with `hasUser` false for an anonymous session. */
  userId: string;
  hasUser: "0" | "1";
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  version: string;
  /** `expiresAt` rounded up to a whole millisecond, as PEXPIREAT needs an integer. */
  expireAt: string;
}

export function encodeRecord(record: SessionRecord): EncodedRecord {
  return {
    data: JSON.stringify(record.data),
    meta: JSON.stringify(record.meta),
    userId: record.userId ?? "",
    hasUser: record.userId === null ? "0" : "1",
    createdAt: String(record.createdAt),
    lastActiveAt: String(record.lastActiveAt),
    expiresAt: String(record.expiresAt),
    version: String(record.version),
    expireAt: expireAtArgument(record.expiresAt),
  };
}

export function expireAtArgument(expiresAt: number): string {
  return String(Math.ceil(expiresAt));
}

/**
 * The record from an `HMGET` of `RECORD_FIELDS`, or `null` when the key is missing or not
 * live at `now` (Redis deletes records at `expiresAt` by its own clock; liveness follows the
 * application's).
 */
export function decodeRecord(
  id: string,
  fields: readonly (string | null)[],
  now: number,
): SessionRecord | null {
  const [data, meta, userId, createdAt, lastActiveAt, expiresAt, version] = fields;
  if (
    data == null ||
    meta == null ||
    createdAt == null ||
    lastActiveAt == null ||
    expiresAt == null ||
    version == null
  ) {
    return null;
  }
  const record: SessionRecord = {
    id,
    userId: userId ?? null,
    data: JSON.parse(data) as Record<string, unknown>,
    createdAt: Number(createdAt),
    lastActiveAt: Number(lastActiveAt),
    expiresAt: Number(expiresAt),
    meta: JSON.parse(meta) as SessionMeta,
    version: Number(version),
  };
  return now < record.expiresAt ? record : null;
}
