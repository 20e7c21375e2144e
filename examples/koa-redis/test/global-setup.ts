import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { DEFAULT_REDIS_URL, redact } from "../src/config.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/**
 * Fails the run, with the way out in the message, when Redis does not answer: a missing server
 * must never turn into silently skipped tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // `connect()` only says "Connection is closed."; the `error` event has the reason.
  let refused: Error | undefined;
  client.on("error", (error: Error) => {
    refused ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const cause = refused ?? error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `No Redis answers at ${redact(url)} (${reason}). Start it with \`pnpm services\` (Redis on 127.0.0.1:6379), or point REDIS_URL at a running Redis.`,
    );
  } finally {
    client.disconnect();
  }
  project.provide("redisUrl", url);
}
