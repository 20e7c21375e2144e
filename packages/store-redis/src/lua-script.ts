import { createHash } from "node:crypto";
import type { RedisClient } from "./options.js";

/**
 * A Lua script run by EVALSHA, falling back to EVAL (which also caches it on that server) when
 * the server answers NOSCRIPT: after `SCRIPT FLUSH`, a restart, a failover, or on a cluster
 * node that never saw it. This is what ioredis `defineCommand` does; it is done here instead
 * so the store adds no commands to a client the application owns.
 */
export class LuaScript {
  readonly source: string;
  readonly sha: string;

  constructor(source: string) {
    this.source = source;
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(
    client: RedisClient,
    keys: readonly string[],
    args: readonly string[],
  ): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

function isNoScript(error: unknown): boolean {
  // The reply's error code is the first word of the message (https://redis.io/docs/reference/protocol-spec/#simple-errors).
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}
