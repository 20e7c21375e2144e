import { createStoreTestRecord } from "@sessionkit/conformance";
import { type Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisStore } from "../src/index.js";
import { CommandLog } from "./command-log.js";
import {
  freePort,
  type PrivateCluster,
  type PrivateServer,
  SETUP_TIMEOUT_MS,
  startPrivateCluster,
  startRedisServer,
} from "./private-server.js";
import { openStore } from "./support.js";

const HOUR = 3_600_000;

// SCRIPT FLUSH empties the server's script cache, as a restart or a failover to a replica that
// never ran the scripts does. It runs on servers of this file's own, so it never disturbs the
// command counts of round-trips.test.ts in a concurrent run against the shared servers.

describe("NOSCRIPT recovery, standalone", () => {
  let server: PrivateServer;
  let client: Redis;
  let store: RedisStore;
  let log: CommandLog;

  beforeAll(async () => {
    server = await startRedisServer(await freePort());
    client = new Redis({ host: "127.0.0.1", port: server.port });
    store = openStore(client);
    log = await CommandLog.start([client], store.keys.prefix);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    log?.stop();
    await client?.quit();
    await server?.stop();
  }, SETUP_TIMEOUT_MS);

  it("falls back to EVAL once after SCRIPT FLUSH, then uses EVALSHA again", async () => {
    const record = createStoreTestRecord({ userId: "user-noscript" });
    await store.set(record, null);
    await client.script("FLUSH");
    const next = { ...record, data: { after: "flush" }, version: 2 };
    expect(await log.commandsOf(() => store.set(next, 1))).toEqual(["evalsha", "eval"]);
    const third = { ...next, version: 3 };
    expect(await log.commandsOf(() => store.set(third, 2))).toEqual(["evalsha"]);
    expect(await store.get(record.id)).toEqual(third);

    await client.script("FLUSH");
    const now = Date.now();
    expect(await store.touch(record.id, now + HOUR, now)).toBe(true);
    expect(await store.listByUser("user-noscript")).toEqual([
      { ...third, expiresAt: now + HOUR, lastActiveAt: now },
    ]);
    expect(await store.destroyByUser("user-noscript")).toBe(1);
    expect(await store.cleanup()).toBe(0);
  });
});

describe("NOSCRIPT recovery, cluster", () => {
  let servers: PrivateCluster;
  let cluster: Cluster;
  let store: RedisStore;

  beforeAll(async () => {
    servers = await startPrivateCluster();
    cluster = servers.connect();
    await cluster.ping();
    store = openStore(cluster);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await cluster?.quit();
    await servers?.stop();
  }, SETUP_TIMEOUT_MS);

  it("every operation works after SCRIPT FLUSH on every master", async () => {
    const records = [1, 2, 3].map(() => createStoreTestRecord({ userId: "user-noscript" }));
    for (const record of records) expect(await store.set(record, null)).toBe(true);
    await Promise.all(cluster.nodes("master").map((node) => node.script("FLUSH")));
    const [first, second, third] = records as [
      (typeof records)[0],
      (typeof records)[0],
      (typeof records)[0],
    ];
    const now = Date.now();
    expect(await store.set({ ...first, version: 2 }, 1)).toBe(true);
    expect(await store.touch(second.id, now + HOUR, now)).toBe(true);
    await store.destroy(third.id);
    expect((await store.listByUser("user-noscript")).map((r) => r.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    expect(await store.destroyByUser("user-noscript")).toBe(2);
    expect(await store.cleanup()).toBe(0);
  });
});
