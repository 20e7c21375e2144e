import { Cluster, Redis } from "ioredis";
import type { TestProject } from "vitest/node";

/** Where the tests find Redis; `pnpm services` starts both there. */
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
const DEFAULT_CLUSTER_NODES = "127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002";
const HOW_TO_START =
  "Start it with `pnpm services` (scripts/services/redis.sh and redis-cluster.sh)";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    /** `host:port` of each cluster node. */
    clusterNodes: string[];
  }
}

/**
 * Fails the run, with the way out in the message, when standalone Redis or the Cluster does not
 * answer: a missing server must never turn into silently skipped store tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const nodes = (process.env.REDIS_CLUSTER_NODES || DEFAULT_CLUSTER_NODES)
    .split(",")
    .map((node) => node.trim())
    .filter((node) => node !== "");
  await check(`Redis at ${url}`, "REDIS_URL", async () => {
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  });
  await check(`a Redis Cluster at ${nodes.join(",")}`, "REDIS_CLUSTER_NODES", async () => {
    const cluster = new Cluster(nodes.map(parseNode), {
      lazyConnect: true,
      clusterRetryStrategy: () => null,
    });
    try {
      await cluster.connect();
      const info = await cluster.cluster("INFO");
      if (!/cluster_state:ok/.test(info)) throw new Error(`cluster_state is not ok:\n${info}`);
    } finally {
      cluster.disconnect();
    }
  });
  project.provide("redisUrl", url);
  project.provide("clusterNodes", nodes);
}

async function check(what: string, variable: string, probe: () => Promise<void>): Promise<void> {
  try {
    await probe();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`No answer from ${what} (${reason}). ${HOW_TO_START}, or set ${variable}.`, {
      cause: error,
    });
  }
}

export function parseNode(node: string): { host: string; port: number } {
  const at = node.lastIndexOf(":");
  return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
}
