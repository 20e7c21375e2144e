/**
 * Store operations per request, over real HTTP: sessionkit store calls (counted by
 * `RecordingStore` from @sessionkit/conformance) and the Redis commands each library sends
 * (counted by MONITOR, filtered to the app's own connections), for the same sequence of
 * requests on Express 5 and Koa 3.
 *
 *   pnpm --filter @sessionkit/bench ops
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeClock, RecordingStore } from "@sessionkit/conformance";
import type { SessionStore } from "@sessionkit/core";
import { type AppSpec, buildApp, clearRedisPrefix, specName } from "./lib/apps.js";
import { CookieClient } from "./lib/http-client.js";
import { RedisCommandCounter } from "./lib/redis-monitor.js";
import { machine, markdownTable, today, writeResult } from "./lib/report.js";

interface Step {
  label: string;
  /** What sessionkit must cost (store calls), where the design fixes it. */
  expected?: number;
  run(client: CookieClient, ctx: StepContext): Promise<void>;
}

interface StepContext {
  clock: FakeClock;
  saved: Map<string, string>;
}

const TOUCH_WINDOW_MS = 60_000; // sessionkit's default touchAfter (1 minute)

function tamper(value: string): string {
  const last = value.at(-1);
  return value.slice(0, -1) + (last === "A" ? "B" : "A");
}

const STEPS: Step[] = [
  {
    label: "anonymous visit (no cookie)",
    expected: 0,
    run: async (c) => {
      c.jar.clear();
      await c.request("GET", "/read");
    },
  },
  {
    label: "anonymous visitor's first write (creates the session)",
    expected: 1,
    run: async (c) => {
      await c.request("POST", "/incr");
    },
  },
  {
    label: "unmodified read inside the touch window",
    expected: 1,
    run: async (c) => {
      await c.request("GET", "/read");
    },
  },
  {
    label: "modified (counter + 1)",
    expected: 2,
    run: async (c) => {
      await c.request("POST", "/incr");
    },
  },
  {
    label: "unmodified read after the touch window (rolling touch)¹",
    expected: 2,
    run: async (c, { clock }) => {
      clock.advance(TOUCH_WINDOW_MS + 1_000);
      await c.request("GET", "/read");
    },
  },
  {
    label: "cookie with a bad signature",
    expected: 0,
    run: async (c) => {
      const real = new Map(c.jar);
      for (const [name, value] of real) c.jar.set(name, tamper(value));
      await c.request("GET", "/read");
      c.jar = real;
    },
  },
  {
    label: "sign in over the live session (regenerate)",
    expected: 3,
    run: async (c) => {
      await c.request("POST", "/login");
    },
  },
  {
    label: "sign out (destroy)",
    expected: 2,
    run: async (c, { saved }) => {
      for (const [name, value] of c.jar) saved.set(name, value);
      await c.request("POST", "/logout");
    },
  },
  {
    label: "old cookie after sign-out",
    expected: 1,
    run: async (c, { saved }) => {
      c.jar = new Map(saved);
      await c.request("GET", "/read");
    },
  },
  {
    label: "sign in with no prior session",
    expected: 1,
    run: async (c) => {
      c.jar.clear();
      await c.request("POST", "/login");
    },
  },
];

interface Column {
  title: string;
  spec: Omit<AppSpec, "clock" | "wrapStore" | "redisName" | "redisPrefix">;
  /** Count store calls with a RecordingStore (sessionkit) */
  storeCalls: boolean;
  /** Count Redis commands with MONITOR */
  redis: boolean;
}

const COLUMNS: Column[] = [
  {
    title: "sessionkit, Express, memory",
    spec: { framework: "express", library: "sessionkit", store: "memory" },
    storeCalls: true,
    redis: false,
  },
  {
    title: "sessionkit, Koa, memory",
    spec: { framework: "koa", library: "sessionkit", store: "memory" },
    storeCalls: true,
    redis: false,
  },
  {
    title: "sessionkit, Express, RedisStore",
    spec: { framework: "express", library: "sessionkit", store: "redis" },
    storeCalls: true,
    redis: true,
  },
  {
    title: "sessionkit, Koa, RedisStore",
    spec: { framework: "koa", library: "sessionkit", store: "redis" },
    storeCalls: true,
    redis: true,
  },
  {
    title: "express-session + connect-redis",
    spec: { framework: "express", library: "express-session", store: "redis" },
    storeCalls: false,
    redis: true,
  },
  {
    title: "koa-session + ioredis adapter",
    spec: { framework: "koa", library: "koa-session", store: "redis" },
    storeCalls: false,
    redis: true,
  },
  {
    title: "koa-session (rolling) + ioredis adapter",
    spec: { framework: "koa", library: "koa-session", store: "redis", rolling: true },
    storeCalls: false,
    redis: true,
  },
];

interface Cell {
  calls?: string[];
  commands?: string[];
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function measure(column: Column, counter: RedisCommandCounter): Promise<Cell[]> {
  const clock = new FakeClock();
  let recorder: RecordingStore | undefined;
  const name = `sessionkit-bench-ops-${process.pid}`;
  const prefix = `bench:ops:${process.pid}:`;
  const app = await buildApp({
    ...column.spec,
    clock,
    redisName: name,
    redisPrefix: prefix,
    wrapStore: (store: SessionStore) => {
      recorder = new RecordingStore(store);
      return recorder;
    },
  });
  const server = createServer(app.listener);
  const base = await listen(server);
  try {
    // One warm-up pass: loads the Lua scripts into Redis (EVALSHA, then EVAL after NOSCRIPT
    // the first time only) and JIT-compiles both sides, so the counted pass is the steady state.
    for (const pass of ["warm-up", "counted"]) {
      const client = new CookieClient(base);
      const ctx: StepContext = { clock, saved: new Map() };
      const cells: Cell[] = [];
      if (column.redis) await counter.watch(name);
      for (const step of STEPS) {
        recorder?.reset();
        if (column.redis) await counter.take();
        await step.run(client, ctx);
        const cell: Cell = {};
        if (column.storeCalls && recorder) cell.calls = recorder.calls.map((c) => c.operation);
        if (column.redis) cell.commands = await counter.take();
        cells.push(cell);
      }
      if (pass === "counted") return cells;
    }
    throw new Error("unreachable");
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    if (column.redis) await clearRedisPrefix(prefix);
  }
}

function describe(list: string[] | undefined): string {
  if (list === undefined) return "—";
  if (list.length === 0) return "0";
  return `${list.length} (${list.join(", ")})`;
}

async function main(): Promise<void> {
  const counter = new RedisCommandCounter();
  await counter.start();
  const results: Cell[][] = [];
  try {
    for (const column of COLUMNS) {
      process.stderr.write(`measuring ${column.title} (${specName(column.spec as AppSpec)})\n`);
      results.push(await measure(column, counter));
    }
  } finally {
    await counter.stop();
  }

  const skColumns = COLUMNS.map((c, i) => ({ c, i })).filter(({ c }) => c.storeCalls);
  const redisColumns = COLUMNS.map((c, i) => ({ c, i })).filter(({ c }) => c.redis);
  const failures: string[] = [];

  const callsTable = markdownTable(
    ["request", "sessionkit expects", ...skColumns.map(({ c }) => c.title)],
    STEPS.map((step, s) => {
      const row = [step.label, step.expected === undefined ? "" : String(step.expected)];
      for (const { c, i } of skColumns) {
        const calls = results[i]?.[s]?.calls;
        if (step.expected !== undefined && calls && calls.length !== step.expected) {
          failures.push(
            `${c.title}: "${step.label}" cost ${calls.length}, expected ${step.expected}`,
          );
        }
        row.push(describe(calls));
      }
      return row;
    }),
  );

  const commandsTable = markdownTable(
    ["request", ...redisColumns.map(({ c }) => c.title)],
    STEPS.map((step, s) => [
      step.label,
      ...redisColumns.map(({ i }) => describe(results[i]?.[s]?.commands)),
    ]),
  );

  const headline = markdownTable(
    [
      "request",
      "sessionkit (RedisStore)",
      "express-session + connect-redis",
      "koa-session + Redis",
      "koa-session rolling + Redis",
    ],
    STEPS.map((step, s) => {
      const count = (i: number) => String(results[i]?.[s]?.commands?.length ?? "—");
      const express = count(2);
      const koa = count(3);
      return [
        step.label,
        express === koa ? express : `${express} (Express) / ${koa} (Koa)`,
        count(4),
        count(5),
        count(6),
      ];
    }),
  );

  const markdown = `# Store operations per request (${today()})

Machine: ${machine()}. Redis ${process.env.REDIS_URL ?? "127.0.0.1:6379"}.
Each column runs the same request sequence over real HTTP (one warm-up pass, then the counted
pass). Redis commands are the round trips the app's own connections sent (MONITOR, filtered by
client address); commands a Lua script runs inside Redis are not round trips and are not counted.

## Redis round trips per request

${headline}

## sessionkit store calls (RecordingStore)

${callsTable}

## Redis commands, by name

${commandsTable}

¹ Only sessionkit has a touch window (\`touchAfter\`, 1 minute by default); its clock is moved
61 s forward before this request. express-session touches (EXPIRE) on every unmodified request,
koa-session never extends an unmodified session unless \`rolling\` (then it re-saves on every
request) or \`renew\` (re-saves in the last half of maxAge).

koa-session runs with an external store written for this benchmark (\`get\` = GET, \`set\` =
SET … PX, \`destroy\` = DEL over ioredis, as koa-redis does), because koa-redis 4 still uses
generator functions and ioredis 4.
`;
  console.log(markdown);
  const file = writeResult("store-ops", markdown);
  process.stderr.write(`written to bench/${file}\n`);
  if (failures.length > 0) {
    process.stderr.write(`\nsessionkit did not meet its budget:\n${failures.join("\n")}\n`);
    process.exitCode = 1;
  }
}

await main();
