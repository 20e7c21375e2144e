import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/**
 * The migration tests and the Redis-backed runs need the Redis that `pnpm services` starts: a
 * missing server fails the run with the way out, never skips tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const url = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let refused: Error | undefined;
  client.on("error", (error: Error) => {
    refused ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (refused ?? (error as Error)).message;
    throw new Error(
      `No Redis answers at ${url.replace(/\/\/[^@]*@/, "//***@")} (${reason}). Start it with \`pnpm services\`, or point REDIS_URL at a running Redis.`,
    );
  } finally {
    client.disconnect();
  }
  project.provide("redisUrl", url);
}
