/**
 * RedisStore operations per second against raw ioredis doing the equivalent commands, in the
 * same run, with the same concurrency: what the store's key layout, encoding, liveness checks,
 * expiry ledger and timeout wrapper cost on top of the bare round trip.
 *
 *   pnpm --filter @sessionkit/bench redis
 *
 * Environment: BENCH_OPS (per measurement, default 20000), BENCH_CONCURRENCY (default 50),
 * BENCH_ROUNDS (alternating raw/store rounds, default 3; the median is reported).
 */
import type { SessionRecord } from "@sessionkit/core";
import { RedisStore } from "@sessionkit/store-redis";
import { Redis } from "ioredis";
import { clearRedisPrefix, REDIS_URL } from "./lib/apps.js";
import { machine, markdownTable, today, writeResult } from "./lib/report.js";

const OPS = Number(process.env.BENCH_OPS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RECORDS = 1_000;
const HOUR = 3_600_000;
const PREFIX = `bench:redis:${process.pid}:`;

/** The same compare-and-set as the store's script, minus its expiry ledger and user index. */
const RAW_CAS = `
local cur = redis.call('HMGET', KEYS[1], 'version', 'expiresAt')
if not cur[2] or tonumber(cur[2]) <= tonumber(ARGV[2]) or tonumber(cur[1]) ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'data', ARGV[3], 'lastActiveAt', ARGV[4], 'expiresAt', ARGV[5], 'version', ARGV[6])
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return 1`;

interface RawClient extends Redis {
  rawCas(key: string, ...args: string[]): Promise<number>;
}

/** Runs `op(i)` for i in [0, count) with `CONCURRENCY` in flight; returns ops/s and CPU µs/op. */
async function run(count: number, op: (i: number) => Promise<unknown>) {
  let next = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await op(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { opsPerSecond: count / seconds, cpuMicrosPerOp: (used.user + used.system) / count };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function payload(i: number): Record<string, unknown> {
  return {
    counter: i,
    cart: [
      { sku: "A-1", qty: 2 },
      { sku: "B-7", qty: 1 },
    ],
    theme: "dark",
  };
}

async function main(): Promise<void> {
  const storeClient = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const raw = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 }) as RawClient;
  raw.defineCommand("rawCas", { numberOfKeys: 1, lua: RAW_CAS });
  const store = new RedisStore({ client: storeClient, prefix: `${PREFIX}sk:` });

  // The same records on both sides: signed-in sessions (one user each), ~120 bytes of data.
  const now = Date.now();
  const records: SessionRecord[] = Array.from({ length: RECORDS }, (_, i) => ({
    id: `${String(i).padStart(6, "0")}-${Math.random().toString(36).slice(2)}`,
    userId: `user-${i}`,
    data: payload(i),
    createdAt: now,
    lastActiveAt: now,
    expiresAt: now + HOUR,
    meta: { userAgent: "bench/1.0", ip: "127.0.0.1" },
    version: 1,
  }));
  const rawKey = (r: SessionRecord) => `${PREFIX}raw:${r.id}`;
  for (const r of records) {
    await store.set(r, null);
    await raw.hset(rawKey(r), {
      data: JSON.stringify(r.data),
      meta: JSON.stringify(r.meta),
      userId: r.userId ?? "",
      createdAt: r.createdAt,
      lastActiveAt: r.lastActiveAt,
      expiresAt: r.expiresAt,
      version: r.version,
    });
    await raw.pexpireat(rawKey(r), r.expiresAt);
  }
  const storeVersions = records.map(() => 1);
  const rawVersions = records.map(() => 1);
  const record = (i: number) => records[i % RECORDS] as SessionRecord;
  const FIELDS = ["data", "meta", "userId", "createdAt", "lastActiveAt", "expiresAt", "version"];

  const operations = [
    {
      name: "get",
      raw: "HMGET of the same fields + JSON.parse of data",
      rawOp: async (i: number) => {
        const fields = await raw.hmget(rawKey(record(i)), ...FIELDS);
        return fields[0] ? JSON.parse(fields[0]) : null;
      },
      storeOp: (i: number) => store.get(record(i).id),
    },
    {
      name: "set (compare-and-set)",
      raw: "EVALSHA of a CAS script (version + liveness check, HSET, PEXPIREAT)",
      rawOp: async (i: number) => {
        const r = record(i);
        const slot = i % RECORDS;
        const expected = rawVersions[slot] ?? 1;
        const t = Date.now();
        const ok = await raw.rawCas(
          rawKey(r),
          String(expected),
          String(t),
          JSON.stringify(payload(i)),
          String(t),
          String(t + HOUR),
          String(expected + 1),
        );
        if (ok !== 1) throw new Error("raw CAS conflict: the benchmark's bookkeeping is wrong");
        rawVersions[slot] = expected + 1;
      },
      storeOp: async (i: number) => {
        const r = record(i);
        const slot = i % RECORDS;
        const expected = storeVersions[slot] ?? 1;
        const t = Date.now();
        const ok = await store.set(
          { ...r, data: payload(i), lastActiveAt: t, expiresAt: t + HOUR, version: expected + 1 },
          expected,
        );
        if (!ok) throw new Error("store CAS conflict: the benchmark's bookkeeping is wrong");
        storeVersions[slot] = expected + 1;
      },
    },
    {
      name: "touch",
      raw: "PEXPIREAT",
      rawOp: (i: number) => raw.pexpireat(rawKey(record(i)), Date.now() + HOUR),
      storeOp: (i: number) => {
        const t = Date.now();
        return store.touch(record(i).id, t + HOUR, t);
      },
    },
  ];

  const rows: string[][] = [];
  try {
    for (const operation of operations) {
      // Warm-up: JIT, script cache (EVALSHA after the first EVAL).
      await run(2_000, operation.rawOp);
      await run(2_000, operation.storeOp);
      const rawRuns: Array<Awaited<ReturnType<typeof run>>> = [];
      const storeRuns: Array<Awaited<ReturnType<typeof run>>> = [];
      for (let round = 0; round < ROUNDS; round++) {
        rawRuns.push(await run(OPS, operation.rawOp));
        storeRuns.push(await run(OPS, operation.storeOp));
      }
      const rawOps = median(rawRuns.map((r) => r.opsPerSecond));
      const storeOps = median(storeRuns.map((r) => r.opsPerSecond));
      const rawCpu = median(rawRuns.map((r) => r.cpuMicrosPerOp));
      const storeCpu = median(storeRuns.map((r) => r.cpuMicrosPerOp));
      process.stderr.write(
        `${operation.name}: store ${storeOps.toFixed(0)} ops/s, raw ${rawOps.toFixed(0)} ops/s\n`,
      );
      rows.push([
        operation.name,
        operation.raw,
        (storeOps / rawOps).toFixed(2),
        storeCpu.toFixed(1),
        rawCpu.toFixed(1),
        (storeCpu / rawCpu).toFixed(2),
      ]);
    }
  } finally {
    await store.close();
    storeClient.disconnect();
    raw.disconnect();
    await clearRedisPrefix(PREFIX);
  }

  const markdown = `# RedisStore vs raw ioredis (${today()})

Machine: ${machine()}; Redis on 127.0.0.1 (loopback, shared cores). ${OPS} operations per
measurement, ${CONCURRENCY} in flight, over ${RECORDS} signed-in records; ${ROUNDS} alternating
rounds (raw, store, raw, store, …) after a warm-up, medians reported. Client CPU is this
process's \`process.cpuUsage()\` per operation (ioredis parsing included, Redis server excluded).

${markdownTable(
  [
    "operation",
    "raw ioredis equivalent",
    "store ops/s ÷ raw ops/s",
    "store client CPU µs/op",
    "raw client CPU µs/op",
    "CPU ÷ raw",
  ],
  rows,
)}

What the store does beyond the raw equivalent: \`get\` decodes every field into a
\`SessionRecord\` and checks liveness against the application clock; \`set\` and \`touch\` run
one Lua script each that also keeps the expiry ledger (ZADD, ZREMRANGEBYSCORE, ZRANGE,
PEXPIREAT on a bucket sorted set, so \`cleanup()\` can count) and the user index (for
\`listByUser\`/\`destroyByUser\`); \`touch\` also checks that the record is live and records
\`lastActiveAt\`, where a bare PEXPIREAT would extend anything. Every call also runs under the
store-call timeout wrapper. Both sides are one round trip per operation.
`;
  console.log(markdown);
  const file = writeResult("redis-store", markdown);
  process.stderr.write(`written to bench/${file}\n`);
}

await main();
