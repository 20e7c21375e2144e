import { randomBytes, randomUUID } from "node:crypto";
import type { SessionRecord } from "@sessionkit/core";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A random store id shaped like a real one: 32 random bytes, base64url, 43 characters. */
export function randomStoreId(): string {
  return randomBytes(32).toString("base64url");
}

/** A random user id, so concurrent runs against one database never share a user. */
export function randomUserId(): string {
  return `user-${randomUUID()}`;
}

/**
 * A live record (deadline an hour away) with a fresh random id, version 1. Timestamps carry
 * odd milliseconds, so a store that rounds to seconds fails the round trip.
 */
export function createStoreTestRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return {
    id: randomStoreId(),
    userId: null,
    data: {},
    createdAt: now - 5 * MINUTE - 123,
    lastActiveAt: now - 457,
    expiresAt: now + HOUR + 789,
    meta: {},
    version: 1,
    ...overrides,
  };
}

/**
 * A record whose deadline passed a second ago: stores compare against their own clock, which is
 * the real clock for database stores, so one second is ample without any waiting.
 */
export function createExpiredStoreTestRecord(
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  const now = Date.now();
  return createStoreTestRecord({
    createdAt: now - 2 * HOUR,
    lastActiveAt: now - HOUR,
    expiresAt: now - 1_000,
    ...overrides,
  });
}

/** The next version of `record`: same id, `changes` applied, version + 1. */
export function nextVersion(
  record: SessionRecord,
  changes: Partial<Omit<SessionRecord, "id" | "version">> = {},
): SessionRecord {
  return { ...record, lastActiveAt: Date.now(), ...changes, version: record.version + 1 };
}
