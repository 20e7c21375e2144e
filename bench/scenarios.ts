/**
 * The per-request cost of sessions in the four scenarios of issue 9, sessionkit beside
 * express-session and koa-session, each app beside its framework without sessions in the same
 * run: an anonymous visitor, a returning visitor reading an unmodified session, 64 visitors
 * each modifying their own session, and one session with 10 concurrent writers (lost writes
 * counted). Servers are plain CommonJS (`app/server.cjs`) in child processes; Redis is a
 * private redis-server, so its command counts and CPU are this run's alone.
 *
 *   pnpm bench --quick                 every variant answers correctly (CI smoke test, no timing)
 *   pnpm --filter @sessionkit/bench scenarios --ref main --label after
 *   pnpm --filter @sessionkit/bench scenarios --ref . --profile
 *
 * --ref R      packs the packages of commit R (or "." = the working tree) into a fresh app
 *              (lib/fresh-app.ts); without it, the workspace's own built packages are used.
 * --profile    also runs each sessionkit case under `node --cpu-prof` and lists its top frames.
 * Environment: BENCH_DURATION (s per measurement, default 4), BENCH_WARMUP (s, default 1),
 * BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 10), BENCH_SESSIONS (default 64).
 */
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { prepareFreshApp } from "./lib/fresh-app.js";
import { CookieClient } from "./lib/http-client.js";
import {
  type PrivateRedis,
  type RedisCounters,
  redisCounters,
  redisDelta,
  startPrivateRedis,
} from "./lib/private-redis.js";
import { topFrames } from "./lib/profile-summary.js";
import { machine, markdownTable, today } from "./lib/report.js";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    ref: { type: "string" },
    label: { type: "string" },
    profile: { type: "boolean", default: false },
    // For a quicker look while working: one framework, one store (the baseline always runs).
    framework: { type: "string" },
    store: { type: "string" },
  },
});

const here = dirname(fileURLToPath(import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 64);

type Framework = "express" | "koa";
/**
 * "noop" and "property" are controls, not session libraries: a middleware that only calls
 * `next()`, and one that also adds one property to `res` (on Node 20 Express makes every `res`
 * an object of its own shape, so that property costs what any per-response state costs). They
 * show what any middleware pays in the same run: the floor under a session library's cost.
 */
type Library = "none" | "noop" | "property" | "sessionkit" | "express-session" | "koa-session";
type StoreKind = "none" | "memory" | "redis";

interface Case {
  framework: Framework;
  library: Library;
  store: StoreKind;
  label: string;
}

const ALL_CASES: Case[] = [
  { framework: "express", library: "none", store: "none", label: "Express 5 (baseline)" },
  { framework: "express", library: "noop", store: "none", label: "no-op middleware (control)" },
  {
    framework: "express",
    library: "property",
    store: "none",
    label: "middleware adding 1 property to res (control)",
  },
  { framework: "express", library: "sessionkit", store: "memory", label: "sessionkit memory" },
  {
    framework: "express",
    library: "express-session",
    store: "memory",
    label: "express-session + memorystore",
  },
  { framework: "express", library: "sessionkit", store: "redis", label: "sessionkit Redis" },
  {
    framework: "express",
    library: "express-session",
    store: "redis",
    label: "express-session + connect-redis",
  },
  { framework: "koa", library: "none", store: "none", label: "Koa 3 (baseline)" },
  { framework: "koa", library: "sessionkit", store: "memory", label: "sessionkit memory" },
  { framework: "koa", library: "koa-session", store: "memory", label: "koa-session (cookie)" },
  { framework: "koa", library: "sessionkit", store: "redis", label: "sessionkit Redis" },
  { framework: "koa", library: "koa-session", store: "redis", label: "koa-session + koa-redis" },
];

const CASES = ALL_CASES.filter(
  (c) =>
    (args.framework === undefined || c.framework === args.framework) &&
    (args.store === undefined || c.store === "none" || c.store === args.store),
);

/** The framework alone, or a control middleware without sessions: no counter to check. */
function isControl(c: Case): boolean {
  return c.library === "none" || c.library === "noop" || c.library === "property";
}

type ScenarioName = "anonymous" | "read" | "write-many" | "hot";

interface Scenario {
  name: ScenarioName;
  title: string;
  method: "GET" | "POST";
  path: string;
  /** Which cookies the load carries. */
  cookies: "none" | "many" | "one";
}

const SCENARIOS: Scenario[] = [
  {
    name: "anonymous",
    title: "anonymous visitor, no cookie (GET /read)",
    method: "GET",
    path: "/read",
    cookies: "none",
  },
  {
    name: "read",
    title: `returning visitor, unmodified (GET /read, ${SESSIONS} sessions)`,
    method: "GET",
    path: "/read",
    cookies: "many",
  },
  {
    name: "write-many",
    title: `${SESSIONS} visitors each modifying their own session (POST /incr)`,
    method: "POST",
    path: "/incr",
    cookies: "many",
  },
  {
    name: "hot",
    title: `one session, ${CONNECTIONS} concurrent writers (POST /add)`,
    method: "POST",
    path: "/add",
    cookies: "one",
  },
];

interface Measurement {
  requests: number;
  rps: number;
  cpuMicrosPerRequest: number;
  p99: number;
  errors: number;
  /** Redis commands run per request (script-internal calls included) and server CPU µs. */
  redisCommandsPerRequest?: number | undefined;
  redisCpuMicrosPerRequest?: number | undefined;
  /** Per Redis command: calls per request and µs per call. */
  redisCommands?: Record<string, { perRequest: number; usecPerCall: number }> | undefined;
  /** hot: successful increments the counter does not show. */
  lostWrites?: number | undefined;
  okWrites?: number | undefined;
}

class ServerProcess {
  readonly child: ChildProcess;
  port = 0;

  constructor(spec: object, appRoot: string, execArgv: string[] = []) {
    this.child = fork(join(here, "app", "server.cjs"), [], {
      execArgv,
      env: {
        ...process.env,
        BENCH_SPEC: JSON.stringify(spec),
        BENCH_APP_ROOT: appRoot,
        NODE_ENV: "production",
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
  }

  async ready(): Promise<void> {
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("server did not start in 30 s")), 30_000);
      this.child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
      this.child.once("message", (message: { type: string; port: number }) => {
        clearTimeout(timer);
        if (message.type === "ready") resolve(message.port);
      });
    });
  }

  cpuMicros(): Promise<number> {
    return new Promise((resolve) => {
      this.child.once("message", (message: { usage: NodeJS.CpuUsage }) =>
        resolve(message.usage.user + message.usage.system),
      );
      this.child.send({ type: "cpu" });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.send({ type: "exit" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

interface Sessions {
  many: string[];
  one: string;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function readCounter(base: string, cookie: string): Promise<number> {
  const res = await fetch(`${base}/read`, { headers: cookie ? { cookie } : {} });
  check(res.status === 200, `GET /read answered ${res.status}`);
  return ((await res.json()) as { n: number }).n;
}

/**
 * Signs in the benchmark's visitors, checking on the way that the app answers correctly:
 * an anonymous read gets 0 (and, from sessionkit, no cookie), a signed-in visitor's counter
 * starts at 0 and counts their increments.
 */
async function seed(c: Case, base: string): Promise<Sessions> {
  const anonymous = await fetch(`${base}/read`);
  check(anonymous.status === 200, `${c.label}: anonymous GET /read answered ${anonymous.status}`);
  check(((await anonymous.json()) as { n: number }).n === 0, `${c.label}: anonymous read not 0`);
  if (c.library === "sessionkit") {
    check(
      anonymous.headers.getSetCookie().length === 0,
      `${c.label}: an anonymous read set a cookie`,
    );
  }
  const cookies: string[] = [];
  for (let i = 0; i < SESSIONS + 1; i++) {
    const client = new CookieClient(base);
    await client.request("POST", "/login");
    const cookie = client.cookieHeader();
    check(cookie !== "", `${c.label}: sign-in set no cookie`);
    if (i < 2 && !isControl(c)) {
      check((await readCounter(base, cookie)) === 0, `${c.label}: fresh counter not 0`);
      await client.request("POST", "/incr");
      await client.request("POST", "/incr");
      const after = client.cookieHeader();
      check((await readCounter(base, after)) === 2, `${c.label}: two increments did not count 2`);
    }
    cookies.push(client.cookieHeader());
  }
  return { many: cookies.slice(0, SESSIONS), one: cookies[SESSIONS] ?? "" };
}

/**
 * Quick check of the hot session: `CONNECTIONS` writers at once, a few increments each, over
 * fetch. sessionkit must count every one it answered 2xx for; the others are only reported.
 */
async function hotCheck(c: Case, base: string, cookie: string): Promise<string> {
  const before = await readCounter(base, cookie);
  const perWriter = 5;
  let ok = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let i = 0; i < perWriter; i++) {
        const res = await fetch(`${base}/add`, { method: "POST", headers: { cookie } });
        await res.arrayBuffer();
        if (res.status === 200) ok++;
      }
    }),
  );
  const after = await readCounter(base, cookie);
  const lost = ok - (after - before);
  if (c.library === "sessionkit") {
    check(ok === CONNECTIONS * perWriter, `${c.label}: ${CONNECTIONS * perWriter - ok} failed`);
    check(lost === 0, `${c.label}: lost ${lost} of ${ok} concurrent writes on one session`);
  }
  return `${ok} answered, ${lost} lost`;
}

/**
 * Load for `seconds`, or for exactly `amount` requests: the hot session is measured by count,
 * so every request sent is answered before its counter is read (a timed run stops with up to
 * one request per connection still in flight, served but not counted).
 */
async function load(port: number, s: Scenario, sessions: Sessions, seconds: number, amount = 0) {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    ...(amount > 0 ? { amount } : { duration: seconds }),
    requests: [
      {
        method: s.method,
        path: s.path,
        setupRequest: (request) => {
          const cookie =
            s.cookies === "none"
              ? undefined
              : s.cookies === "one"
                ? sessions.one
                : sessions.many[next++ % sessions.many.length];
          return cookie ? { ...request, headers: { ...request.headers, cookie } } : request;
        },
      },
    ],
  });
}

interface Context {
  appRoot: string;
  redis: PrivateRedis | undefined;
  redisClient: Redis | undefined;
  prefix: string;
}

function specOf(c: Case, ctx: Context) {
  return {
    ...c,
    redisUrl: ctx.redis?.url ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    prefix: ctx.prefix,
  };
}

async function quickCase(c: Case, ctx: Context): Promise<string> {
  const server = new ServerProcess(specOf(c, ctx), ctx.appRoot);
  try {
    await server.ready();
    const base = `http://127.0.0.1:${server.port}`;
    const sessions = await seed(c, base);
    if (isControl(c)) return "answers";
    return `answers; hot session: ${await hotCheck(c, base, sessions.one)}`;
  } finally {
    await server.stop();
  }
}

async function measureCase(c: Case, ctx: Context): Promise<Map<ScenarioName, Measurement>> {
  const server = new ServerProcess(specOf(c, ctx), ctx.appRoot);
  const results = new Map<ScenarioName, Measurement>();
  try {
    await server.ready();
    const base = `http://127.0.0.1:${server.port}`;
    const sessions = await seed(c, base);
    const warmRps = new Map<ScenarioName, number>();
    for (const s of SCENARIOS) {
      const warm = await load(server.port, s, sessions, WARMUP);
      warmRps.set(s.name, warm.requests.total / (warm.duration || WARMUP));
    }
    for (const s of SCENARIOS) {
      const amount =
        s.name === "hot" ? Math.max(1_000, Math.round((warmRps.get(s.name) ?? 0) * DURATION)) : 0;
      const counterBefore = s.name === "hot" ? await readCounter(base, sessions.one) : 0;
      const redisBefore: RedisCounters | undefined =
        ctx.redisClient && c.store === "redis" ? await redisCounters(ctx.redisClient) : undefined;
      const cpuBefore = await server.cpuMicros();
      const result = await load(server.port, s, sessions, DURATION, amount);
      const cpuAfter = await server.cpuMicros();
      const requests = result.requests.total;
      const m: Measurement = {
        requests,
        rps: requests / (result.duration || DURATION),
        cpuMicrosPerRequest: (cpuAfter - cpuBefore) / Math.max(requests, 1),
        p99: result.latency.p99,
        errors: result.errors + result.non2xx + result.timeouts,
      };
      if (redisBefore && ctx.redisClient) {
        const delta = redisDelta(redisBefore, await redisCounters(ctx.redisClient));
        m.redisCommandsPerRequest = delta.calls / Math.max(requests, 1);
        m.redisCpuMicrosPerRequest = delta.cpuMicros / Math.max(requests, 1);
        m.redisCommands = Object.fromEntries(
          [...delta.commands].map(([name, v]) => [
            name,
            { perRequest: v.calls / Math.max(requests, 1), usecPerCall: v.usec / v.calls },
          ]),
        );
      }
      if (s.name === "hot" && !isControl(c)) {
        const counterAfter = await readCounter(base, sessions.one);
        m.okWrites = result["2xx"];
        m.lostWrites = result["2xx"] - (counterAfter - counterBefore);
      }
      results.set(s.name, m);
      process.stderr.write(
        `  ${s.name}: ${requests} req, ${m.cpuMicrosPerRequest.toFixed(0)} µs CPU/req, p99 ${m.p99} ms, errors ${m.errors}${m.lostWrites === undefined ? "" : `, lost ${m.lostWrites}/${m.okWrites}`}${m.redisCommandsPerRequest === undefined ? "" : `, Redis ${m.redisCommandsPerRequest.toFixed(1)} cmds ${m.redisCpuMicrosPerRequest?.toFixed(0)} µs`}\n`,
      );
    }
  } finally {
    await server.stop();
  }
  return results;
}

/** Runs each sessionkit case once more under --cpu-prof and returns its top frames per scenario. */
async function profileCase(c: Case, ctx: Context): Promise<Map<ScenarioName, string>> {
  const out = new Map<ScenarioName, string>();
  for (const s of SCENARIOS) {
    const dir = mkdtempSync(join(tmpdir(), "sessionkit-prof-"));
    const server = new ServerProcess(specOf(c, ctx), ctx.appRoot, [
      "--cpu-prof",
      `--cpu-prof-dir=${dir}`,
    ]);
    try {
      await server.ready();
      const sessions = await seed(c, `http://127.0.0.1:${server.port}`);
      await load(server.port, s, sessions, WARMUP);
      await load(server.port, s, sessions, DURATION);
    } finally {
      await server.stop();
    }
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (file) out.set(s.name, topFrames(JSON.parse(readFileSync(join(dir, file), "utf8")), 12));
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function medianOf(list: Measurement[]): Measurement {
  const pick = (f: (m: Measurement) => number | undefined) => {
    const xs = list.map(f).filter((x): x is number => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const last = list[list.length - 1];
  return {
    requests: pick((m) => m.requests) ?? 0,
    rps: pick((m) => m.rps) ?? 0,
    cpuMicrosPerRequest: pick((m) => m.cpuMicrosPerRequest) ?? 0,
    p99: pick((m) => m.p99) ?? 0,
    errors: list.reduce((sum, m) => sum + m.errors, 0),
    redisCommandsPerRequest: pick((m) => m.redisCommandsPerRequest),
    redisCpuMicrosPerRequest: pick((m) => m.redisCpuMicrosPerRequest),
    redisCommands: last?.redisCommands,
    lostWrites: list.some((m) => m.lostWrites !== undefined)
      ? list.reduce((sum, m) => sum + (m.lostWrites ?? 0), 0)
      : undefined,
    okWrites: list.some((m) => m.okWrites !== undefined)
      ? list.reduce((sum, m) => sum + (m.okWrites ?? 0), 0)
      : undefined,
  };
}

export interface ScenarioResults {
  label: string;
  commit: string;
  date: string;
  machine: string;
  loadAverage: number[];
  settings: { duration: number; warmup: number; rounds: number; connections: number };
  /** case key (`framework/library/store`) → scenario → medians over rounds */
  cases: Record<string, Record<string, Measurement>>;
  profiles: Record<string, Record<string, string>>;
}

export const caseKey = (c: { framework: string; library: string; store: string }) =>
  `${c.framework}/${c.library}/${c.store}`;

function render(r: ScenarioResults): string {
  const sections: string[] = [];
  for (const framework of ["express", "koa"] as const) {
    const cases = CASES.filter((c) => c.framework === framework);
    if (cases.length === 0) continue;
    const baseline = r.cases[caseKey(cases[0] as Case)];
    const rows = SCENARIOS.map((s) => {
      const row = [s.title];
      for (const c of cases) {
        const m = r.cases[caseKey(c)]?.[s.name];
        const b = baseline?.[s.name];
        if (!m || !b) {
          row.push("—");
          continue;
        }
        const parts =
          c.library === "none"
            ? [`${Math.round(m.rps)} req/s, ${m.cpuMicrosPerRequest.toFixed(0)} µs`]
            : [
                `${(m.rps / b.rps).toFixed(2)} (+${(m.cpuMicrosPerRequest - b.cpuMicrosPerRequest).toFixed(0)} µs)`,
              ];
        parts.push(`p99 ${m.p99} ms`);
        if (m.redisCommandsPerRequest !== undefined) {
          parts.push(
            `Redis ${m.redisCommandsPerRequest.toFixed(1)} cmds, ${m.redisCpuMicrosPerRequest?.toFixed(0)} µs`,
          );
        }
        if (m.lostWrites !== undefined) {
          // Runs by time (before the hot session was run by count) end with up to one request
          // per connection served but not counted: a few below 0 means none lost.
          parts.push(`lost ${Math.max(0, m.lostWrites)} of ${m.okWrites}`);
        }
        if (m.errors) parts.push(`${m.errors} errors`);
        row.push(parts.join("; "));
      }
      return row;
    });
    sections.push(
      `### ${framework === "express" ? "Express 5" : "Koa 3"}\n\n${markdownTable(
        ["scenario", ...cases.map((c) => c.label)],
        rows,
      )}`,
    );
  }
  const redisRows: string[][] = [];
  for (const c of CASES.filter((x) => x.store === "redis")) {
    const m = r.cases[caseKey(c)]?.["write-many"];
    if (!m?.redisCommands) continue;
    const detail = Object.entries(m.redisCommands)
      .sort((a, b) => b[1].perRequest - a[1].perRequest)
      .map(([name, v]) => `${name} ${v.perRequest.toFixed(2)}× ${v.usecPerCall.toFixed(1)} µs`)
      .join(", ");
    redisRows.push([`${c.framework} ${c.label}`, detail]);
  }
  const profiles = Object.entries(r.profiles).map(([key, byScenario]) =>
    Object.entries(byScenario)
      .map(([scenario, frames]) => `#### ${key}, ${scenario}\n\n${frames}`)
      .join("\n\n"),
  );
  return `# Scenarios: ${r.label} (${r.date})

Commit: ${r.commit}. Machine: ${r.machine}; load average at start ${r.loadAverage.map((x) => x.toFixed(2)).join(" ")}.
Each cell: requests/s ÷ the same framework without sessions (server CPU µs per request added
over it), p99 latency; for Redis, commands run per request (inside scripts included) and Redis
server CPU µs per request (INFO of a private redis-server); for the hot session, writes answered
2xx that the counter does not show. ${r.settings.connections} connections, ${r.settings.warmup} s warm-up
of each scenario, ${r.settings.duration} s measured; ${r.settings.rounds} rounds of all cases in turn, medians
(lost writes and errors summed).

${sections.join("\n\n")}

### Redis commands per modified request (${SESSIONS} sessions), with µs per call

${markdownTable(["case", "command × per request, µs per call"], redisRows)}
${profiles.length ? `\n### CPU profiles (self time, top frames)\n\n${profiles.join("\n\n")}\n` : ""}`;
}

async function main(): Promise<void> {
  const repo = join(here, "..");
  const app = args.ref
    ? prepareFreshApp(repo, args.ref)
    : { root: here, commit: "workspace packages (built dist)" };
  const ctx: Context = {
    appRoot: app.root,
    redis: undefined,
    redisClient: undefined,
    prefix: `bench:scenarios:${process.pid}:`,
  };
  if (args.quick) {
    // The shared server CI starts; keys under this run's prefix, deleted at the end.
    const started = Date.now();
    const failures: string[] = [];
    for (const c of CASES) {
      try {
        const outcome = await quickCase(c, ctx);
        process.stderr.write(`ok   ${c.framework} ${c.label}: ${outcome}\n`);
      } catch (error) {
        failures.push(`${c.framework} ${c.label}: ${(error as Error).message}`);
        process.stderr.write(`FAIL ${c.framework} ${c.label}: ${(error as Error).message}\n`);
      }
    }
    await clearPrefix(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", ctx.prefix);
    process.stderr.write(
      `bench --quick: ${CASES.length - failures.length} of ${CASES.length} variants answered correctly in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
    if (failures.length) process.exitCode = 1;
    return;
  }

  ctx.redis = await startPrivateRedis();
  ctx.redisClient = new Redis(ctx.redis.url, { maxRetriesPerRequest: 1 });
  const { loadavg } = await import("node:os");
  const results: ScenarioResults = {
    label: args.label ?? (args.ref ? `ref ${args.ref}` : "workspace"),
    commit: app.commit,
    date: new Date().toISOString(),
    machine: machine(),
    loadAverage: loadavg(),
    settings: { duration: DURATION, warmup: WARMUP, rounds: ROUNDS, connections: CONNECTIONS },
    cases: {},
    profiles: {},
  };
  try {
    const rounds = new Map<string, Array<Map<ScenarioName, Measurement>>>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of CASES) {
        process.stderr.write(`[round ${round}/${ROUNDS}] ${c.framework} ${c.label}\n`);
        const list = rounds.get(caseKey(c)) ?? [];
        list.push(await measureCase(c, ctx));
        rounds.set(caseKey(c), list);
      }
    }
    for (const [key, list] of rounds) {
      results.cases[key] = Object.fromEntries(
        SCENARIOS.map((s) => [
          s.name,
          medianOf(list.map((m) => m.get(s.name)).filter((m): m is Measurement => !!m)),
        ]),
      );
    }
    if (args.profile) {
      for (const c of CASES.filter((x) => x.library === "sessionkit")) {
        process.stderr.write(`[profile] ${c.framework} ${c.label}\n`);
        results.profiles[`${c.framework} ${c.label}`] = Object.fromEntries(
          await profileCase(c, ctx),
        );
      }
    }
  } finally {
    await ctx.redisClient.quit();
    await ctx.redis.stop();
  }
  const stamp = `${(args.label ?? "workspace").replace(/[^\w.-]+/g, "-")}-${today()}`;
  const jsonFile = join(here, "results", `scenarios-${stamp}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  // The repository's formatter has its own idea of JSON layout; results are committed.
  execFileSync("pnpm", ["exec", "biome", "format", "--write", jsonFile], { stdio: "ignore" });
  const markdown = render(results);
  writeFileSync(join(here, "results", `scenarios-${stamp}.md`), `${markdown.trimEnd()}\n`);
  console.log(markdown);
  process.stderr.write(`written to bench/results/scenarios-${stamp}.{md,json}\n`);
}

async function clearPrefix(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await client.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    await client.quit();
  }
}

await main();
