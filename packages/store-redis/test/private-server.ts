import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Cluster, Redis } from "ioredis";

/**
 * Bounds for starting private servers. Starting three redis-servers, creating a cluster and
 * waiting for it to converge takes about a second on an idle machine and several times that
 * while other work saturates the cores; vitest's default 10 s hook timeout was once not enough
 * there. Set-up hooks that start servers pass `SETUP_TIMEOUT_MS` explicitly.
 */
export const SETUP_TIMEOUT_MS = 120_000;
const CLUSTER_READY_MS = 60_000;

/** A redis-server (or sentinel) this test started itself, stopped by its own handle only. */
export interface PrivateServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A port nothing listens on right now, from the kernel, so concurrent test runs (other clones,
 * other sessions on this machine) never pick the same one.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts `redis-server` on `port` and resolves once it logs that it accepts connections (an
 * event, not a sleep). Fails when the port is taken. Without `persistDir` nothing is persisted;
 * with it, every write is appended and fsynced to an AOF in that directory before Redis answers
 * (`appendfsync always`), so a restart on the same directory brings back exactly what was
 * acknowledged: what an outage test needs to see a half-written record.
 */
export function startRedisServer(
  port: number,
  extra: string[] = [],
  persistDir?: string,
): Promise<PrivateServer> {
  const persistence = persistDir
    ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", persistDir]
    : ["--appendonly", "no"];
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence];
  return launch(port, [...args, ...extra], /Ready to accept connections/);
}

/** A 3-master cluster of this test's own, on free ports, for tests that disturb a cluster. */
export interface PrivateCluster {
  readonly nodes: { host: string; port: number }[];
  /** A cluster client; command failures still reject, connection noise at shutdown is muted. */
  connect(): Cluster;
  stop(): Promise<void>;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const dir = mkdtempSync(join(tmpdir(), "sessionkit-cluster-"));
  const servers: PrivateServer[] = [];
  const stop = async (): Promise<void> => {
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const config = join(dir, `nodes-${port}.conf`);
      servers.push(
        await startRedisServer(port, ["--cluster-enabled", "yes", "--cluster-config-file", config]),
      );
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    await promisify(execFile)("redis-cli", [
      "--cluster",
      "create",
      ...addresses,
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    await waitForClusterOk(servers.map((server) => server.port));
    const nodes = servers.map((server) => ({ host: "127.0.0.1", port: server.port }));
    const connect = (): Cluster => {
      const cluster = new Cluster(nodes);
      // These servers are stopped at the end of the file on purpose; the refused reconnection
      // attempts that follow are not a test failure.
      cluster.on("error", () => {});
      return cluster;
    };
    return { nodes, connect, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Polls CLUSTER INFO until every node reports the whole cluster: Redis signals no event for it
 * (the same wait as scripts/services/redis-cluster.sh).
 */
async function waitForClusterOk(ports: number[]): Promise<void> {
  const admins = ports.map((port) => new Redis({ host: "127.0.0.1", port }));
  const deadline = Date.now() + CLUSTER_READY_MS;
  try {
    // Polling is the only way to see the state converge (no event announces it); the bound is
    // a deadline, not an attempt count, so a loaded machine gets the same generous time.
    while (Date.now() < deadline) {
      const infos = await Promise.all(admins.map((admin) => admin.cluster("INFO")));
      const ok = infos.every(
        (info) =>
          info.includes("cluster_state:ok") &&
          info.includes("cluster_slots_assigned:16384") &&
          info.includes(`cluster_known_nodes:${ports.length}`),
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `the private cluster did not reach cluster_state:ok within ${CLUSTER_READY_MS} ms`,
    );
  } finally {
    for (const admin of admins) admin.disconnect();
  }
}

/** Starts a Sentinel on `port` that monitors the master `name` at 127.0.0.1:`masterPort`. */
export function startSentinel(
  port: number,
  name: string,
  masterPort: number,
): Promise<PrivateServer> {
  // Sentinel rewrites its config file, so it gets a throw-away one.
  const dir = mkdtempSync(join(tmpdir(), "sessionkit-sentinel-"));
  const config = join(dir, "sentinel.conf");
  writeFileSync(
    config,
    `port ${port}\nbind 127.0.0.1\nsentinel monitor ${name} 127.0.0.1 ${masterPort} 1\n`,
  );
  return launch(port, [config, "--sentinel"], /\+monitor master/, () =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

function launch(
  port: number,
  args: string[],
  ready: RegExp,
  cleanup: () => void = () => {},
): Promise<PrivateServer> {
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve({ port, stop: () => stop(child).finally(cleanup) });
      }
    };
    child.stdout?.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => {
      cleanup();
      reject(
        new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${output}`),
      );
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
