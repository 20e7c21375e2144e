import { randomUUID } from "node:crypto";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { inject } from "vitest";
import { type RedisClient, RedisStore, type RedisStoreOptions } from "../src/index.js";
import { parseNode } from "./global-setup.js";

/** A client for the standalone server the global setup checked. */
export function createTestClient(options: RedisOptions = {}): Redis {
  return new Redis(inject("redisUrl"), options);
}

/** A client for the cluster the global setup checked. */
export function createTestCluster(): Cluster {
  return new Cluster(inject("clusterNodes").map(parseNode));
}

/** The masters of a cluster client, once it is connected. */
export function mastersOf(cluster: Cluster): Redis[] {
  return cluster.nodes("master");
}

/**
 * A store whose every call fails at once: its client points at a port nothing listens on
 * (9, the discard service, not run here), queues nothing and never reconnects.
 */
export function createUnreachableClient(): Redis {
  const client = new Redis({
    host: "127.0.0.1",
    port: 9,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The refused connection is the point of this client: keep it out of the test output.
  client.on("error", () => {});
  return client;
}

/** The same for a cluster: its only seed node refuses connections. */
export function createUnreachableCluster(): Cluster {
  const cluster = new Cluster([{ host: "127.0.0.1", port: 9 }], {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: () => null,
  });
  cluster.on("error", () => {});
  return cluster;
}

/** A prefix of the same shape as the conformance suite's namespaces. */
export function uniquePrefix(): string {
  return `t_${randomUUID().replaceAll("-", "").slice(0, 10)}:`;
}

export function openStore(
  client: RedisClient,
  options: Partial<RedisStoreOptions> = {},
): RedisStore {
  return new RedisStore({ client, prefix: uniquePrefix(), ...options });
}

/** Every key under `prefix`, from each master of a cluster or the one server (tests only). */
export async function keysUnder(client: RedisClient, prefix: string): Promise<string[]> {
  const servers = client instanceof Cluster ? client.nodes("master") : [client];
  const keys: string[] = [];
  for (const server of servers) {
    let cursor = "0";
    do {
      const [next, batch] = await server.scan(
        cursor,
        "MATCH",
        `${escapeGlob(prefix)}*`,
        "COUNT",
        1000,
      );
      keys.push(...batch);
      cursor = next;
    } while (cursor !== "0");
  }
  return keys;
}

/** Deletes what a test store left behind, so runs leave nothing on a shared server. */
export async function dropStore(store: RedisStore, client: RedisClient): Promise<void> {
  await store.close();
  for (const key of await keysUnder(client, store.keys.prefix)) await client.del(key);
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
