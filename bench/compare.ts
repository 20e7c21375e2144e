/**
 * The before/after table of issue 9 from two `scenarios` result files: for each scenario,
 * framework and store kind, sessionkit before and after (ratio to the framework baseline and
 * server CPU µs added), the anchor library in the "after" run, the target and whether
 * the "after" numbers meet it. Prints markdown.
 *
 *   pnpm --filter @sessionkit/bench compare results/scenarios-before-….json results/scenarios-after-….json
 */
import { readFileSync } from "node:fs";
import { markdownTable } from "./lib/report.js";

interface Measurement {
  rps: number;
  cpuMicrosPerRequest: number;
  p99: number;
  errors: number;
  redisCommandsPerRequest?: number;
  redisCpuMicrosPerRequest?: number;
  lostWrites?: number;
  okWrites?: number;
}

interface Results {
  label: string;
  commit: string;
  cases: Record<string, Record<string, Measurement>>;
}

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error("usage: compare.ts BEFORE.json AFTER.json");
const before = JSON.parse(readFileSync(beforeFile, "utf8")) as Results;
const after = JSON.parse(readFileSync(afterFile, "utf8")) as Results;

const ANCHOR: Record<string, Record<string, string>> = {
  express: { memory: "express-session/memory", redis: "express-session/redis" },
  koa: { memory: "koa-session/memory", redis: "koa-session/redis" },
};
const ANCHOR_NAME: Record<string, Record<string, string>> = {
  express: { memory: "express-session + memorystore", redis: "express-session + connect-redis" },
  koa: { memory: "koa-session (cookie)", redis: "koa-session + koa-redis" },
};

/** Commands per request as shown (one decimal): 0.0004 (a stray command in a run) counts as 0. */
const shown = (x: number | undefined) => (x === undefined ? Number.NaN : Math.round(x * 10) / 10);

function get(r: Results, key: string, scenario: string): Measurement | undefined {
  return r.cases[key]?.[scenario];
}

function cell(r: Results, framework: string, key: string, scenario: string): string {
  const m = get(r, `${framework}/${key}`, scenario);
  const b = get(r, `${framework}/none/none`, scenario);
  if (!m || !b) return "—";
  const parts = [
    `${(m.rps / b.rps).toFixed(2)} (+${(m.cpuMicrosPerRequest - b.cpuMicrosPerRequest).toFixed(0)} µs)`,
    `p99 ${m.p99} ms`,
  ];
  if (m.redisCommandsPerRequest !== undefined) {
    parts.push(
      `Redis ${m.redisCommandsPerRequest.toFixed(1)} cmds / ${m.redisCpuMicrosPerRequest?.toFixed(0)} µs`,
    );
  }
  if (m.lostWrites !== undefined) parts.push(`lost ${Math.max(0, m.lostWrites)}/${m.okWrites}`);
  return parts.join("; ");
}

/** The target for this row, judged on the "after" run; "" when not measured here. */
function verdict(framework: string, store: string, scenario: string): [string, string] {
  const base = get(after, `${framework}/none/none`, scenario);
  const sk = get(after, `${framework}/sessionkit/${store}`, scenario);
  const anchor = get(after, `${framework}/${ANCHOR[framework]?.[store]}`, scenario);
  if (!base || !sk || !anchor) return ["", "not measured"];
  const ratio = sk.rps / base.rps;
  const added = sk.cpuMicrosPerRequest - base.cpuMicrosPerRequest;
  const anchorRatio = anchor.rps / base.rps;
  const anchorAdded = anchor.cpuMicrosPerRequest - base.cpuMicrosPerRequest;
  const checks: Array<[string, boolean]> = [];
  if (scenario === "anonymous") {
    checks.push([`ratio ${ratio.toFixed(2)} ≥ 0.95`, ratio >= 0.95]);
    if (store === "redis") {
      checks.push([
        `${sk.redisCommandsPerRequest?.toFixed(1)} Redis cmds = 0`,
        shown(sk.redisCommandsPerRequest) === 0,
      ]);
    }
  } else if (scenario === "read") {
    checks.push([
      `CPU +${added.toFixed(0)} ≤ anchor +${anchorAdded.toFixed(0)} µs`,
      added <= anchorAdded,
    ]);
    if (store === "redis") {
      checks.push([
        `${sk.redisCommandsPerRequest?.toFixed(1)} Redis cmds = 1`,
        shown(sk.redisCommandsPerRequest) === 1,
      ]);
    }
  } else if (scenario === "write-many") {
    checks.push([
      `ratio ${ratio.toFixed(2)} ≥ anchor ${anchorRatio.toFixed(2)}`,
      ratio >= anchorRatio,
    ]);
    if (store === "redis" && sk.redisCpuMicrosPerRequest !== undefined) {
      const limit = 1.5 * (anchor.redisCpuMicrosPerRequest ?? 0);
      checks.push([
        `Redis CPU ${sk.redisCpuMicrosPerRequest.toFixed(0)} ≤ 1.5 × ${anchor.redisCpuMicrosPerRequest?.toFixed(0)} µs`,
        sk.redisCpuMicrosPerRequest <= limit,
      ]);
    }
  } else if (scenario === "hot") {
    const many = get(after, `${framework}/sessionkit/${store}`, "write-many");
    const lost = Math.max(0, sk.lostWrites ?? 0);
    checks.push([`lost ${lost} = 0`, lost === 0]);
    if (many) {
      checks.push([
        `${Math.round(sk.rps)} req/s ≥ ½ × ${Math.round(many.rps)} (many sessions)`,
        sk.rps >= many.rps / 2,
      ]);
    }
    checks.push([`p99 ${sk.p99} ≤ 5 × ${anchor.p99} ms`, sk.p99 <= 5 * anchor.p99]);
  }
  return [
    checks.map(([text]) => text).join("; "),
    checks.every(([, ok]) => ok)
      ? "met"
      : `missed: ${checks
          .filter(([, ok]) => !ok)
          .map(([text]) => text)
          .join("; ")}`,
  ];
}

const SCENARIOS: Array<[string, string]> = [
  ["anonymous", "anonymous visitor, no cookie"],
  ["read", "returning visitor, unmodified"],
  ["write-many", "64 visitors each modifying their own session"],
  ["hot", "one session, 10 concurrent writers"],
];

const rows: string[][] = [];
for (const [scenario, title] of SCENARIOS) {
  for (const framework of ["express", "koa"]) {
    for (const store of ["memory", "redis"]) {
      const [, judged] = verdict(framework, store, scenario);
      rows.push([
        title,
        `${framework === "express" ? "Express" : "Koa"}, ${store}`,
        cell(before, framework, `sessionkit/${store}`, scenario),
        cell(after, framework, `sessionkit/${store}`, scenario),
        `${ANCHOR_NAME[framework]?.[store]}: ${cell(after, framework, ANCHOR[framework]?.[store] ?? "", scenario)}`,
        judged,
      ]);
    }
  }
}

console.log(`Before: ${before.commit} (${before.label}); after: ${after.commit} (${after.label}).

${markdownTable(
  [
    "scenario",
    "framework, store",
    "sessionkit before",
    "sessionkit after",
    "anchor (after run)",
    "target (after run)",
  ],
  rows,
)}`);
