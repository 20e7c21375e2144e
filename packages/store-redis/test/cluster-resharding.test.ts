import { createStoreTestRecord } from "@sessionkit/conformance";
import { type Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisStore } from "../src/index.js";
import { type PrivateCluster, SETUP_TIMEOUT_MS, startPrivateCluster } from "./private-server.js";
import { openStore } from "./support.js";

const HOUR = 3_600_000;

interface Node {
  id: string;
  host: string;
  port: number;
  admin: Redis;
}

// A cluster of this file's own: moving a slot of the shared one would redirect the commands of
// concurrent runs (and change the counts round-trips.test.ts checks).
let servers: PrivateCluster;
let cluster: Cluster;
let store: RedisStore;
const admins: Redis[] = [];

beforeAll(async () => {
  servers = await startPrivateCluster();
  cluster = servers.connect();
  await cluster.ping();
  store = openStore(cluster);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  for (const admin of admins) admin.disconnect();
  await cluster?.quit();
  await servers?.stop();
}, SETUP_TIMEOUT_MS);

/** Every master, with a plain (non-cluster) connection for administrative commands. */
async function masters(): Promise<Node[]> {
  const nodes: Node[] = [];
  for (const node of cluster.nodes("master")) {
    const { host = "127.0.0.1", port = 6379 } = node.options;
    const admin = new Redis({ host, port });
    admins.push(admin);
    nodes.push({ id: (await admin.cluster("MYID")) as string, host, port, admin });
  }
  return nodes;
}

async function ownerOf(slot: number, nodes: Node[]): Promise<Node> {
  const ranges = await cluster.cluster("SLOTS");
  const range = ranges.find(([start, end]) => start <= slot && slot <= end);
  const owner = nodes.find((node) => node.id === range?.[2]?.[2]);
  if (!owner) throw new Error(`no master owns slot ${slot}`);
  return owner;
}

/** Marks the slot as moving, then moves every key in it (the first half of a resharding). */
async function beginMove(slot: number, from: Node, to: Node): Promise<void> {
  await to.admin.cluster("SETSLOT", slot, "IMPORTING", from.id);
  await from.admin.cluster("SETSLOT", slot, "MIGRATING", to.id);
  for (;;) {
    const keys = (await from.admin.cluster("GETKEYSINSLOT", slot, 100)) as string[];
    if (keys.length === 0) return;
    await from.admin.migrate(to.host, to.port, "", 0, 5_000, "KEYS", ...keys);
  }
}

/** Gives the slot to `to` on every master (the end of a resharding). */
async function endMove(slot: number, to: Node, nodes: Node[]): Promise<void> {
  for (const node of [to, ...nodes.filter((n) => n !== to)]) {
    await node.admin.cluster("SETSLOT", slot, "NODE", to.id);
  }
}

describe("a record's slot moves to another master", () => {
  it("follows ASK during the migration and MOVED after it", async () => {
    const nodes = await masters();
    const record = createStoreTestRecord({ userId: "user-resharding" });
    expect(await store.set(record, null)).toBe(true);
    const slot = (await cluster.cluster("KEYSLOT", store.keys.record(record.id))) as number;
    expect(await cluster.cluster("KEYSLOT", store.keys.ledger(record.id))).toBe(slot);
    const source = await ownerOf(slot, nodes);
    const target = nodes.find((node) => node !== source)!;

    try {
      await beginMove(slot, source, target);
      // The keys now live on the target while the slot still belongs to the source: the source
      // answers ASK, and ioredis asks the target.
      expect(await source.admin.cluster("COUNTKEYSINSLOT", slot)).toBe(0);
      expect(await target.admin.cluster("COUNTKEYSINSLOT", slot)).toBeGreaterThanOrEqual(2);
      expect(await store.get(record.id)).toEqual(record);
      const now = Date.now();
      expect(await store.touch(record.id, now + HOUR, now)).toBe(true);
      const touched = { ...record, expiresAt: now + HOUR, lastActiveAt: now };
      expect(await store.get(record.id)).toEqual(touched);

      await endMove(slot, target, nodes);
      // ioredis still maps the slot to the source: MOVED sends it to the target.
      expect(await ownerOf(slot, nodes)).toBe(target);
      const next = { ...touched, data: { moved: true }, version: 2 };
      expect(await store.set(next, 1)).toBe(true);
      expect(await store.get(record.id)).toEqual(next);
      expect(await store.listByUser("user-resharding")).toEqual([next]);
      expect(await store.destroyByUser("user-resharding")).toBe(1);
      expect(await store.get(record.id)).toBeNull();
      expect(await store.cleanup()).toBe(0);
    } finally {
      // Leave the cluster as it was: the slot goes back to its first owner.
      if ((await ownerOf(slot, nodes)) === target) {
        await beginMove(slot, target, source);
        await endMove(slot, source, nodes);
      } else {
        for (const node of nodes) await node.admin.cluster("SETSLOT", slot, "STABLE");
      }
    }
    expect(await ownerOf(slot, nodes)).toBe(source);
  });
});
