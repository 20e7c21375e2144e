import type { SessionStore } from "@sessionkit/core";
import { FAIL_BOUND_MS, STORE_TIMEOUT_MS, type StartApp } from "./apps.js";

/** One request of the load, as the client saw it. */
export interface Sample {
  kind: "cookie" | "anon";
  /** Index of the session (cookie requests). */
  session: number;
  start: number;
  end: number;
  status: number;
  /** The error the app's error handler named (a 500's body). */
  error?: string | undefined;
}

/** Signs `count` visitors in with one hit each; their cookies. */
export async function seedSessions(url: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/hit`, { method: "POST" });
    if (response.status !== 200) throw new Error(`seeding failed: ${response.status}`);
    cookies.push((response.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "");
  }
  return cookies;
}

/**
 * Keeps `workers` clients busy until `stop()` is called: each alternates a session write with
 * its own cookie and a cookieless request. Resolves every sample once all workers stopped.
 */
export function runLoad(url: string, cookies: string[], workers: number) {
  const samples: Sample[] = [];
  let running = true;
  const worker = async (index: number) => {
    for (let round = 0; running; round++) {
      const sessionIndex = (index + round * workers) % cookies.length;
      for (const kind of ["cookie", "anon"] as const) {
        const start = performance.now();
        let status = 0;
        let error: string | undefined;
        try {
          const response =
            kind === "cookie"
              ? await fetch(`${url}/hit`, {
                  method: "POST",
                  headers: { cookie: cookies[sessionIndex] ?? "" },
                })
              : await fetch(`${url}/anon`);
          const body = await response.text();
          status = response.status;
          error = status === 500 ? errorNamed(body) : undefined;
        } catch {
          status = -1; // connection error: counted, and asserted never to happen
        }
        samples.push({ kind, session: sessionIndex, start, end: performance.now(), status, error });
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
  return {
    samples,
    async stop(): Promise<Sample[]> {
      running = false;
      await done;
      return samples;
    },
  };
}

/** The name a 500's JSON body gives, or the raw body when it is not the app's handler's JSON. */
function errorNamed(body: string): string {
  try {
    return (JSON.parse(body) as { error?: string }).error ?? body;
  } catch {
    return body;
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The figures of one run, for the report and the assertions. */
export function summarise(
  samples: Sample[],
  outage: { from: number; to: number },
  restarted: number,
) {
  // By start, not by end: a request that hangs past the restart still counts (and fails the bound).
  const within = (s: Sample) => s.start >= outage.from && s.start <= outage.to;
  const during = samples.filter(within);
  const cookieDuring = during.filter((s) => s.kind === "cookie");
  const anonDuring = during.filter((s) => s.kind === "anon");
  const firstRecovered = samples
    .filter((s) => s.kind === "cookie" && s.status === 200 && s.start >= restarted)
    .sort((a, b) => a.end - b.end)[0];
  const failMs = cookieDuring.map((s) => s.end - s.start);
  return {
    requests: samples.length,
    cookieDuring: cookieDuring.length,
    cookieDuringStatuses: [...new Set(cookieDuring.map((s) => s.status))],
    cookieDuringErrors: [...new Set(cookieDuring.map((s) => s.error))],
    anonDuring: anonDuring.length,
    anonDuringStatuses: [...new Set(anonDuring.map((s) => s.status))],
    failP50: percentile(failMs, 50),
    failP99: percentile(failMs, 99),
    failMax: Math.max(...failMs),
    recoveryMs: firstRecovered ? firstRecovered.end - restarted : Number.NaN,
    connectionErrors: samples.filter((s) => s.status === -1).length,
  };
}

/** How many hits each session's client saw acknowledged (200) and failed (anything else). */
export function hitsBySession(samples: Sample[], sessions: number) {
  const acknowledged = new Array<number>(sessions).fill(1); // the seeding hit
  const failed = new Array<number>(sessions).fill(0);
  for (const s of samples) {
    if (s.kind !== "cookie") continue;
    if (s.status === 200) acknowledged[s.session] = (acknowledged[s.session] ?? 0) + 1;
    else failed[s.session] = (failed[s.session] ?? 0) + 1;
  }
  return { acknowledged, failed };
}

/** Waits `ms` of load (the test's phases are durations of traffic, not waits for an event). */
export function loadFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What a scenario needs to know about the database it disturbs. */
export interface OutageTarget {
  name: string;
  /** The app the load goes through (Express or Koa). */
  startApp: StartApp;
  store: SessionStore;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** The stored hits and version of the session behind `cookie`, read around the store. */
  read(cookie: string): Promise<{ hits: number; version: number } | null>;
}

const SESSIONS = 24;
const WORKERS = 12;

/**
 * Traffic before, during and after an outage: 1 s up, the server stopped for 5 s, restarted,
 * then traffic until the first session write succeeds again plus 1 s. Returns the figures and
 * every session's stored state beside what its client saw.
 */
export async function outageUnderLoad(target: OutageTarget) {
  const app = await target.startApp(target.store);
  try {
    const cookies = await seedSessions(app.url, SESSIONS);
    const load = runLoad(app.url, cookies, WORKERS);
    await loadFor(1_000);
    await target.stop();
    const from = performance.now();
    // Longer than FAIL_BOUND_MS, so some requests have their whole bound inside the outage.
    await loadFor(5_000);
    const to = performance.now();
    await target.start();
    const restarted = performance.now();
    // Recovery is whatever it takes, bounded by the test timeout: no intervention, no restart
    // of the app, the same clients.
    while (
      !load.samples.some((s) => s.kind === "cookie" && s.status === 200 && s.start >= restarted)
    ) {
      await loadFor(50);
    }
    await loadFor(1_000);
    const samples = await load.stop();
    // Requests that started early enough in the outage to have had their whole bound inside it.
    const summary = summarise(samples, { from, to: to - FAIL_BOUND_MS }, restarted);
    const tail = samples.filter(
      (s) => s.start >= performance.now() - 900 - 100 && s.kind === "cookie",
    );
    const { acknowledged, failed } = hitsBySession(samples, SESSIONS);
    const stored = await Promise.all(cookies.map((cookie) => target.read(cookie)));
    console.log(
      `[outage] ${target.name}: ${summary.requests} requests; during the outage ${summary.cookieDuring} session writes ` +
        `answered ${summary.cookieDuringStatuses.join("/")} in p50 ${summary.failP50.toFixed(0)} ms, ` +
        `p99 ${summary.failP99.toFixed(0)} ms, max ${summary.failMax.toFixed(0)} ms (storeTimeout ${STORE_TIMEOUT_MS} ms); ` +
        `${summary.anonDuring} cookieless requests answered ${summary.anonDuringStatuses.join("/")}; ` +
        `recovered ${summary.recoveryMs.toFixed(0)} ms after the restart; ` +
        `${acknowledged.reduce((a, b) => a + b, 0)} hits acknowledged, ${failed.reduce((a, b) => a + b, 0)} failed`,
    );
    return { summary, tail, acknowledged, failed, stored };
  } finally {
    await app.close();
  }
}
