import type { SessionMeta, SessionRecord } from "@sessionkit/core";

/**
 * How one session is stored. `_id` is the record's id (the hash of the token, never the token).
 *
 * `data` is kept as a JSON string rather than a sub-document: MongoDB before 5.0 and FerretDB
 * reject field names containing `.` or starting with `$`, which session data may well contain,
 * and JSON gives every store the same fidelity (numbers stay numbers, `undefined` is dropped).
 *
 * `expiresAt` is a BSON Date, so a TTL index can expire the document natively; `createdAt` and
 * `lastActiveAt` stay epoch-ms numbers, as in the record.
 */
export interface SessionDocument {
  _id: string;
  userId: string | null;
  data: string;
  createdAt: number;
  lastActiveAt: number;
  expiresAt: Date;
  meta: SessionMeta;
  version: number;
}

/** The document written for `record` (a copy: later changes to `record` do not leak in). */
export function toDocument(record: SessionRecord): SessionDocument {
  return {
    _id: record.id,
    userId: record.userId,
    data: JSON.stringify(record.data),
    createdAt: record.createdAt,
    lastActiveAt: record.lastActiveAt,
    expiresAt: new Date(record.expiresAt),
    meta: copyMeta(record.meta),
    version: record.version,
  };
}

/** The record a stored document describes. */
export function fromDocument(document: SessionDocument): SessionRecord {
  return {
    id: document._id,
    userId: document.userId,
    data: JSON.parse(document.data) as Record<string, unknown>,
    createdAt: document.createdAt,
    lastActiveAt: document.lastActiveAt,
    expiresAt: document.expiresAt.getTime(),
    meta: copyMeta(document.meta),
    version: document.version,
  };
}

/**
 * The meta fields that are set: the driver would write an `undefined` field as `null`, and the
 * record read back would no longer equal the one written.
 */
function copyMeta(meta: SessionMeta | null | undefined): SessionMeta {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (value !== undefined) copy[key] = value;
  }
  return copy as SessionMeta;
}
