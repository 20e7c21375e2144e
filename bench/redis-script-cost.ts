/**
 * What each part of RedisStore's write script costs inside Redis: the store's own scripts
 * (`SET_ATOMIC`, the update of a signed-in session, the most common write) beside variants with
 * one part removed, beside connect-redis' plain `SET … EX` of the same JSON, on a private
 * redis-server. Reports Redis's own `usec_per_call` (INFO commandstats; for EVALSHA it includes
 * every command the script runs) and the Redis process's CPU per write (INFO cpu).
 *
 *   pnpm --filter @sessionkit/bench redis-script-cost
 *
 * Environment: BENCH_OPS (writes per variant and round, default 20000), BENCH_ROUNDS (3),
 * BENCH_LEDGER (entries already in each ledger, as in a store with ~1M sessions: 4000),
 * BENCH_SCRIPT_REF (a commit whose write script runs alongside, for a same-run comparison;
 * default 4c5d43b, the script before it was slimmed; "" for none).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionRecord } from "@sessionkit/core";
import { RedisStore } from "@sessionkit/store-redis";
import { Redis } from "ioredis";
// The store's scripts themselves (not part of the package's public API), to run them with parts removed.
import { SET_ATOMIC } from "../packages/store-redis/src/scripts.js";
import { redisCounters, redisDelta, startPrivateRedis } from "./lib/private-redis.js";
import { machine, markdownTable, today, writeResult } from "./lib/report.js";

const OPS = Number(process.env.BENCH_OPS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LEDGER = Number(process.env.BENCH_LEDGER ?? 4_000);
const SCRIPT_REF = process.env.BENCH_SCRIPT_REF ?? "4c5d43b4178a48bb68da741b6e8cf7a6c436a1b7";
const SESSIONS = 1_000;
const HOUR = 3_600_000;
const IN_FLIGHT = 50;

function record(i: number, version: number, now: number): SessionRecord {
  return {
    id: `bench-script-cost-${String(i).padStart(6, "0")}-0123456789abcdefghijkl`,
    userId: `user-${i % 200}`,
    data: { counter: version, cart: ["apple", "pear"], profile: { name: "Ada", theme: "dark" } },
    createdAt: now - HOUR,
    lastActiveAt: now,
    expiresAt: now + 24 * HOUR,
    meta: { userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", ip: "127.0.0.1" },
    version,
  };
}

/**
 * The client with every script call redirected to `source` instead: the store sends the same
 * keys and arguments, and `source` is the store's own script with one part taken out.
 */
function withScript(client: Redis, source: string): Redis {
  const sha = createHash("sha1").update(source).digest("hex");
  const wrapped = Object.create(client) as Redis;
  const evalsha = client.evalsha.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const evalSource = client.eval.bind(client) as (...args: unknown[]) => Promise<unknown>;
  Object.assign(wrapped, {
    evalsha: (_sha: string, ...rest: unknown[]) => evalsha(sha, ...rest),
    eval: (_source: string, ...rest: unknown[]) => evalSource(source, ...rest),
  });
  return wrapped;
}

/** The store's SET_ATOMIC with one part removed, each edit checked to apply. */
function without(edits: Array<[string, string]>): string {
  let source = SET_ATOMIC.source;
  for (const [from, to] of edits) {
    if (!source.includes(from)) throw new Error(`script part not found: ${from}`);
    source = source.replace(from, to);
  }
  return source;
}

const PARTS: Array<[string, Array<[string, string]>]> = [
  [
    "without key-expiry upkeep (PEXPIREAT GT) of ledger and index",
    [["if redis.call('PEXPIREAT', key, at, 'GT') == 0 and added == 1 then", "if false then"]],
  ],
  [
    "without the user index",
    [["if owner and rescore then sorted_add(KEYS[3]", "if false then sorted_add(KEYS[3]"]],
  ],
  [
    "without the ledger",
    [["if rescore then sorted_add(KEYS[2]", "if false then sorted_add(KEYS[2]"]],
  ],
];

/** A script that only replies: what any script costs, run with SET_ATOMIC's keys and arguments. */
const REPLY_ONLY = "return {1}";
const FLOOR_REPLY = "floor: EVALSHA of a script that only replies";

/**
 * The barest compare-and-set of a hash record, with SET_ATOMIC's keys and arguments: the
 * version check, one HSET of the record's fields, its PEXPIREAT; no liveness check, no ledger,
 * no user index. What the store's script costs above it is what its guarantees cost.
 */
const BARE_CAS = `local cur = redis.call('HMGET', KEYS[1], 'version', 'expiresAt', 'userId', 'scoredAt')
if tonumber(cur[1]) ~= tonumber(ARGV[1]) then return {0} end
redis.call('HSET', KEYS[1], 'data', ARGV[3], 'meta', ARGV[4], 'createdAt', ARGV[7],
  'lastActiveAt', ARGV[8], 'expiresAt', ARGV[9], 'version', ARGV[10], 'userId', ARGV[5])
redis.call('PEXPIREAT', KEYS[1], ARGV[11])
return {1}`;
const FLOOR_CAS =
  "floor: bare compare-and-set (HMGET, version check, HSET, PEXPIREAT; no ledger, index or liveness)";

interface Sent {
  numKeys: number;
  keysAndArgs: string[];
}

/**
 * The keys and arguments `store.set(record)` sends with its EVALSHA, taken from a client that
 * records them and sends nothing.
 */
async function storeArguments(client: Redis, record: SessionRecord): Promise<Sent> {
  let sent: Sent = { numKeys: 0, keysAndArgs: [] };
  const recording = Object.create(client) as Redis;
  Object.assign(recording, {
    evalsha: (_sha: string, numKeys: number, ...keysAndArgs: string[]) => {
      sent = { numKeys, keysAndArgs };
      return Promise.resolve([1]);
    },
  });
  await new RedisStore({ client: recording, prefix: "cost:" }).set(record, record.version - 1);
  return sent;
}

/** SET_ATOMIC's source as it was at `ref` (its scripts module, loaded from a temporary copy). */
async function scriptAt(ref: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "sessionkit-script-"));
  try {
    for (const file of ["scripts.ts", "lua-script.ts"]) {
      const text = execFileSync("git", ["show", `${ref}:packages/store-redis/src/${file}`], {
        encoding: "utf8",
      });
      writeFileSync(join(dir, file), text);
    }
    const module = (await import(
      join(dir, "scripts.ts")
    )) as typeof import("../packages/store-redis/src/scripts.js");
    return module.SET_ATOMIC.source;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inFlight(count: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await op(next++);
    }),
  );
}

interface Cost {
  usecPerCall: number;
  redisCpuMicrosPerWrite: number;
  commandsPerWrite: number;
}

async function measure(client: Redis, op: (i: number) => Promise<unknown>): Promise<Cost> {
  await inFlight(2_000, op); // warm up
  const before = await redisCounters(client);
  await inFlight(OPS, op);
  const delta = redisDelta(before, await redisCounters(client));
  const top = [...delta.commands].sort((a, b) => b[1].usec - a[1].usec)[0]?.[1];
  return {
    usecPerCall: top ? top.usec / top.calls : 0,
    redisCpuMicrosPerWrite: delta.cpuMicros / OPS,
    commandsPerWrite: delta.calls / OPS,
  };
}

async function main(): Promise<void> {
  const redis = await startPrivateRedis();
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const rows: string[][] = [];
  const perRequest: string[] = [];
  try {
    const store = new RedisStore({ client, prefix: "cost:" });
    const now = Date.now();
    // Filled ledgers: every bucket holds LEDGER entries, as in a big store.
    const filler = client.pipeline();
    for (const ledger of store.keys.ledgers()) {
      const args: (string | number)[] = [];
      for (let i = 0; i < LEDGER; i++) args.push(now + HOUR + i, `filler-${i}`);
      filler.zadd(ledger, ...args);
    }
    await filler.exec();
    const versions = new Array<number>(SESSIONS).fill(0);
    await inFlight(SESSIONS, async (i) => {
      await store.set(record(i, 1, now), null);
      versions[i] = 1;
    });

    const json = JSON.stringify(record(0, 1, now));
    /** The update of the next session in turn, through `target` (the store, or one on a variant script). */
    const update =
      (target: RedisStore) =>
      async (i: number): Promise<void> => {
        const n = i % SESSIONS;
        const v = versions[n] ?? 1;
        versions[n] = v + 1;
        if (!(await target.set(record(n, v + 1, Date.now()), v))) throw new Error("conflict");
      };
    // Every write re-scores the ledger and the user index, as each did before rescoreAfter.
    const rescoring = new RedisStore({ client, prefix: "cost:", rescoreAfter: 0 });
    const replySha = (await client.script("LOAD", REPLY_ONLY)) as string;
    const sent: Sent[] = [];
    for (let n = 0; n < SESSIONS; n++) sent.push(await storeArguments(client, record(n, 2, now)));
    const onStore = (source: string) =>
      new RedisStore({ client: withScript(client, source), prefix: "cost:", rescoreAfter: 0 });
    const onScript = (source: string) => update(onStore(source));
    const variants: Array<[string, (i: number) => Promise<unknown>]> = [
      [
        "RedisStore.set: compare-and-set update of a signed-in session (deadline moved < rescoreAfter)",
        update(store),
      ],
      [
        "RedisStore.set, rescoreAfter 0: ledger and user index re-scored on every write",
        update(rescoring),
      ],
      [
        "connect-redis: SET key json EX ttl",
        (i) => client.set(`cost:plain:${i % SESSIONS}`, json, "EX", 86_400),
      ],
      ...(SCRIPT_REF
        ? [
            [
              `RedisStore.set with the script of ${SCRIPT_REF.slice(0, 7)}`,
              onScript(await scriptAt(SCRIPT_REF)),
            ] as [string, (i: number) => Promise<unknown>],
          ]
        : []),
      ...PARTS.map(([name, edits]): [string, (i: number) => Promise<unknown>] => [
        `RedisStore.set, rescoreAfter 0, ${name}`,
        onScript(without(edits)),
      ]),
      // Writes nothing: the same arguments, versions left alone.
      [FLOOR_REPLY, (i) => onStore(REPLY_ONLY).set(record(i % SESSIONS, 2, Date.now()), 1)],
      [FLOOR_CAS, onScript(BARE_CAS)],
      // The same reply-only script sent straight from ioredis, with the store's 3 keys and 17
      // arguments and with 1 key and 3: what the arguments cost, apart from the store's client
      // side (a slower client sends fewer commands per read, which costs Redis CPU too).
      [
        "floor: EVALSHA of a script that only replies, sent directly, 3 keys and 17 arguments",
        (i) => {
          const { numKeys, keysAndArgs } = sent[i % SESSIONS] as Sent;
          return client.evalsha(replySha, numKeys, ...keysAndArgs);
        },
      ],
      [
        "floor: EVALSHA of a script that only replies, sent directly, 1 key and 3 arguments",
        (i) => client.evalsha(replySha, 1, `cost:few:${i % SESSIONS}`, "1", "2", json),
      ],
      ["HMGET of the record (RedisStore.get)", (i) => store.get(record(i % SESSIONS, 1, now).id)],
      [
        "GET of a plain JSON key (connect-redis get)",
        (i) => client.get(`cost:plain:${i % SESSIONS}`),
      ],
    ];
    const results = new Map<string, Cost[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, op] of variants) {
        const list = results.get(name) ?? [];
        list.push(await measure(client, op));
        results.set(name, list);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const cpu = (name: string) =>
      med((results.get(name) ?? []).map((c) => c.redisCpuMicrosPerWrite));
    // A modified request reads, then writes: Redis CPU of the pair, as the scenarios count it.
    const read = cpu("HMGET of the record (RedisStore.get)");
    const plain =
      cpu("GET of a plain JSON key (connect-redis get)") +
      cpu("connect-redis: SET key json EX ttl");
    for (const name of [variants[0]?.[0] ?? "", FLOOR_REPLY, FLOOR_CAS]) {
      const pair = read + cpu(name);
      perRequest.push(
        `- ${name}, with the HMGET that loaded it: ${pair.toFixed(1)} µs, ${(pair / plain).toFixed(2)}× connect-redis' GET + SET (${plain.toFixed(1)} µs)`,
      );
    }
    for (const [name, list] of results) {
      rows.push([
        name,
        med(list.map((c) => c.usecPerCall)).toFixed(1),
        med(list.map((c) => c.redisCpuMicrosPerWrite)).toFixed(1),
        med(list.map((c) => c.commandsPerWrite)).toFixed(1),
      ]);
    }
  } finally {
    await client.quit();
    await redis.stop();
  }
  const markdown = `# Redis script cost (${today()})

Machine: ${machine()}; private redis-server; ${OPS} operations per variant and round,
${IN_FLIGHT} in flight, ${ROUNDS} rounds, medians; every ledger pre-filled with ${LEDGER} entries.
"µs per call" is Redis's INFO commandstats \`usec_per_call\` of the operation's top-level command
(EVALSHA includes what the script runs); "Redis CPU" is the Redis process's user + system CPU per
operation, networking included; "commands" counts script-internal commands too.

${markdownTable(["operation", "µs per call (commandstats)", "Redis CPU µs / op", "commands / op"], rows)}

Redis CPU per modified request (one read, one write), from the medians above:

${perRequest.join("\n")}
`;
  console.log(markdown);
  process.stderr.write(`written to bench/${writeResult("redis-script-cost", markdown)}\n`);
}

await main();
