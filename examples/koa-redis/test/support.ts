import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/** A key prefix of its own for one test, so tests sharing one Redis never see each other. */
export function uniquePrefix(): string {
  return `sessionkit-examples:koa-redis:${randomUUID().slice(0, 8)}:`;
}

/** Every key under `pattern` (SCAN, never KEYS: it does not block a shared server). */
export async function keysMatching(client: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanStream({ match: pattern, count: 500 })) {
    keys.push(...(batch as string[]));
  }
  return keys;
}

/** How many session records live under `prefix` (the store's `<prefix>s:{bucket}:<id>` keys). */
export async function countSessions(client: Redis, prefix: string): Promise<number> {
  return (await keysMatching(client, `${prefix}s:*`)).length;
}

/** Deletes everything under `prefix`, so test runs leave nothing behind on the server. */
export async function dropPrefix(client: Redis, prefix: string): Promise<void> {
  const keys = await keysMatching(client, `${prefix}*`);
  if (keys.length > 0) await client.unlink(...keys);
}
