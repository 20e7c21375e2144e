/**
 * A redis-server of the benchmark's own on a free loopback port, so `INFO commandstats` and
 * `INFO cpu` count this run's traffic and nobody else's (the shared server also serves other
 * test runs). Stopped by its own process handle only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import type { Redis } from "ioredis";

export interface PrivateRedis {
  readonly url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no free port")),
      );
    });
  });
}

/** Starts `redis-server` without persistence; resolves once it accepts connections. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    let log = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${log}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("Ready to accept connections")) resolve();
    });
  });
  child.stdout?.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Commands run and CPU used by a Redis server so far (from INFO). */
export interface RedisCounters {
  /** calls and total µs per command name (lower case), INFO's own calls left out. */
  commands: Map<string, { calls: number; usec: number }>;
  /** used_cpu_user + used_cpu_sys of the server process, in µs. */
  cpuMicros: number;
}

export async function redisCounters(client: Redis): Promise<RedisCounters> {
  const text = await client.info("all");
  const commands = new Map<string, { calls: number; usec: number }>();
  let cpuMicros = 0;
  for (const line of text.split("\r\n")) {
    const stat = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line);
    if (stat) {
      const name = stat[1] ?? "";
      if (name !== "info") commands.set(name, { calls: Number(stat[2]), usec: Number(stat[3]) });
      continue;
    }
    const cpu = /^used_cpu_(user|sys):([\d.]+)$/.exec(line);
    if (cpu) cpuMicros += Number(cpu[2]) * 1e6;
  }
  return { commands, cpuMicros };
}

/** What happened between two snapshots. */
export function redisDelta(before: RedisCounters, after: RedisCounters) {
  const commands = new Map<string, { calls: number; usec: number }>();
  for (const [name, now] of after.commands) {
    const then = before.commands.get(name) ?? { calls: 0, usec: 0 };
    if (now.calls > then.calls) {
      commands.set(name, { calls: now.calls - then.calls, usec: now.usec - then.usec });
    }
  }
  let calls = 0;
  let usec = 0;
  for (const c of commands.values()) {
    calls += c.calls;
    usec += c.usec;
  }
  return { commands, calls, usec, cpuMicros: after.cpuMicros - before.cpuMicros };
}
