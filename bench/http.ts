/**
 * Throughput and CPU cost per request over HTTP, sessionkit beside express-session and
 * koa-session, each as a ratio to the same framework without sessions measured in the same run.
 * Each server runs in a child process (its CPU time is what we report); autocannon runs here.
 *
 *   pnpm --filter @sessionkit/bench http
 *
 * Environment: BENCH_DURATION (s, default 4), BENCH_WARMUP (s per variant, default 2),
 * BENCH_CONNECTIONS (default 16), BENCH_SESSIONS (distinct session cookies, default 64),
 * BENCH_ROUNDS (every case again, in the same order, per round; medians reported; default 1).
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { type AppSpec, clearRedisPrefix, specName } from "./lib/apps.js";
import { CookieClient } from "./lib/http-client.js";
import { machine, markdownTable, today, writeResult } from "./lib/report.js";

const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const PREFIX = `bench:http:${process.pid}:`;

interface Case {
  spec: AppSpec;
  label: string;
}

const CASES: Case[] = [
  {
    spec: { framework: "express", library: "none", store: "none" },
    label: "Express 5, no session (baseline)",
  },
  {
    spec: { framework: "express", library: "sessionkit", store: "memory" },
    label: "Express + sessionkit, MemoryStore",
  },
  {
    spec: { framework: "express", library: "express-session", store: "memory" },
    label: "Express + express-session, MemoryStore",
  },
  {
    spec: { framework: "express", library: "sessionkit", store: "redis" },
    label: "Express + sessionkit, RedisStore",
  },
  {
    spec: { framework: "express", library: "express-session", store: "redis" },
    label: "Express + express-session, connect-redis",
  },
  {
    spec: { framework: "koa", library: "none", store: "none" },
    label: "Koa 3, no session (baseline)",
  },
  {
    spec: { framework: "koa", library: "sessionkit", store: "memory" },
    label: "Koa + sessionkit, MemoryStore",
  },
  {
    spec: { framework: "koa", library: "koa-session", store: "memory" },
    label: "Koa + koa-session, external Map store",
  },
  {
    spec: { framework: "koa", library: "sessionkit", store: "redis" },
    label: "Koa + sessionkit, RedisStore",
  },
  {
    spec: { framework: "koa", library: "koa-session", store: "redis" },
    label: "Koa + koa-session, ioredis store",
  },
];

const VARIANTS = [
  {
    name: "read",
    method: "GET" as const,
    path: "/read",
    title: "read the counter (unmodified session)",
  },
  {
    name: "write",
    method: "POST" as const,
    path: "/incr",
    title: "increment the counter (modified session)",
  },
];

interface Measurement {
  requests: number;
  rps: number;
  cpuMsPerRequest: number;
  p99: number;
  errors: number;
}

interface CpuReply {
  type: "cpu";
  usage: NodeJS.CpuUsage;
  rss: number;
}

class ServerProcess {
  readonly child: ChildProcess;
  port = 0;

  constructor(spec: AppSpec) {
    this.child = fork(fileURLToPath(new URL("./http-server.ts", import.meta.url)), [], {
      execArgv: ["--conditions=@sessionkit/source", "--import", "tsx"],
      env: { ...process.env, BENCH_SPEC: JSON.stringify(spec), NODE_ENV: "benchmark" },
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

  cpu(): Promise<CpuReply> {
    return new Promise((resolve) => {
      this.child.once("message", (message: CpuReply) => resolve(message));
      this.child.send({ type: "cpu" });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.send({ type: "exit" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Signs in `SESSIONS` clients and returns their Cookie headers. */
async function signIn(base: string): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const client = new CookieClient(base);
    await client.request("POST", "/login");
    const cookie = client.cookieHeader();
    if (!cookie) throw new Error("sign-in returned no cookie");
    cookies.push(cookie);
  }
  return cookies;
}

async function load(
  port: number,
  variant: (typeof VARIANTS)[number],
  cookies: string[],
  seconds: number,
): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: variant.method,
        path: variant.path,
        // Round-robin over the signed-in sessions, so concurrent requests rarely share one
        // (this measures the session path, not write contention on a single session).
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, cookie: cookies[next++ % cookies.length] ?? "" },
        }),
      },
    ],
  });
}

async function measureCase(c: Case): Promise<Map<string, Measurement>> {
  const server = new ServerProcess({
    ...c.spec,
    redisPrefix: PREFIX,
    redisName: "sessionkit-bench-http",
  });
  const results = new Map<string, Measurement>();
  try {
    await server.ready();
    const cookies = await signIn(`http://127.0.0.1:${server.port}`);
    // Warm up every route first, so neither variant pays for the JIT on the other's behalf.
    for (const variant of VARIANTS) await load(server.port, variant, cookies, WARMUP);
    for (const variant of VARIANTS) {
      const before = await server.cpu();
      const result = await load(server.port, variant, cookies, DURATION);
      const after = await server.cpu();
      const cpuMicros =
        after.usage.user - before.usage.user + (after.usage.system - before.usage.system);
      const requests = result.requests.total;
      results.set(variant.name, {
        requests,
        rps: requests / (result.duration || DURATION),
        cpuMsPerRequest: cpuMicros / 1000 / Math.max(requests, 1),
        p99: result.latency.p99,
        errors: result.errors + result.non2xx + result.timeouts,
      });
      process.stderr.write(
        `  ${variant.name}: ${requests} requests, ${(cpuMicros / 1000 / Math.max(requests, 1)).toFixed(3)} ms CPU/req, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx + result.timeouts}\n`,
      );
    }
  } finally {
    await server.stop();
  }
  return results;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const rounds = new Map<string, Array<Map<string, Measurement>>>();
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of CASES) {
        process.stderr.write(`[round ${round}/${ROUNDS}] ${c.label} (${specName(c.spec)})\n`);
        const list = rounds.get(c.label) ?? [];
        list.push(await measureCase(c));
        rounds.set(c.label, list);
      }
    }
  } finally {
    await clearRedisPrefix(PREFIX);
  }
  const all = new Map<string, Map<string, Measurement>>();
  for (const [label, list] of rounds) {
    const merged = new Map<string, Measurement>();
    for (const variant of VARIANTS) {
      const ms = list.map((m) => m.get(variant.name)).filter((m): m is Measurement => !!m);
      merged.set(variant.name, {
        requests: median(ms.map((m) => m.requests)),
        rps: median(ms.map((m) => m.rps)),
        cpuMsPerRequest: median(ms.map((m) => m.cpuMsPerRequest)),
        p99: median(ms.map((m) => m.p99)),
        errors: ms.reduce((sum, m) => sum + m.errors, 0),
      });
    }
    all.set(label, merged);
  }

  const sections: string[] = [];
  for (const variant of VARIANTS) {
    const rows: string[][] = [];
    for (const c of CASES) {
      const m = all.get(c.label)?.get(variant.name);
      const baselineCase = CASES.find(
        (b) => b.spec.framework === c.spec.framework && b.spec.library === "none",
      );
      const base = baselineCase ? all.get(baselineCase.label)?.get(variant.name) : undefined;
      if (!m || !base) continue;
      rows.push([
        c.label,
        c.spec.library === "none" ? "1.00 (baseline)" : (m.rps / base.rps).toFixed(2),
        m.cpuMsPerRequest.toFixed(3),
        c.spec.library === "none" ? "1.00" : (m.cpuMsPerRequest / base.cpuMsPerRequest).toFixed(2),
        String(m.p99),
        String(m.errors),
      ]);
    }
    sections.push(
      `## ${variant.title}: \`${variant.method} ${variant.path}\`\n\n${markdownTable(
        [
          "case",
          "req/s ÷ framework baseline",
          "server CPU ms / request",
          "CPU ÷ baseline",
          "p99 latency (ms)",
          "errors + non-2xx",
        ],
        rows,
      )}`,
    );
  }

  const markdown = `# HTTP throughput and CPU per request (${today()})

Machine: ${machine()}; the load generator (autocannon, ${CONNECTIONS} connections, in the parent
process) and the server (a child process) share these cores, so requests/s are given only as a
ratio to the same framework without sessions, measured in the same run. CPU is the server
process's \`process.cpuUsage()\` (user + system) over the measured window, divided by the
responses in it. Each case: ${WARMUP} s warm-up of each variant, then ${DURATION} s measured per variant;
${ROUNDS} round(s) of all cases in turn, medians reported (errors summed);
${SESSIONS} signed-in sessions used round-robin, so every request carries a valid cookie.

${sections.join("\n\n")}

Notes: sessionkit's default \`rolling\` with \`touchAfter\` = 1 minute means an unmodified read
costs one store read and no write here; express-session (\`resave: false\`,
\`saveUninitialized: false\`, \`cookie.maxAge\` 1 day) touches the store on every unmodified
request (MemoryStore: re-serialise; connect-redis: EXPIRE) and sends Set-Cookie each time.
koa-session runs with an external store (not its cookie mode), \`rolling: false\`; its
external stores are the small adapters in \`lib/apps.ts\` (JSON in a Map; GET/SET PX/DEL over
ioredis, as koa-redis does).
`;
  console.log(markdown);
  const file = writeResult("http", markdown);
  process.stderr.write(`written to bench/${file}\n`);
}

await main();
