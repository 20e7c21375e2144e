import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A redis-server (or sentinel) this test started itself, stopped by its own handle only. */
export interface PrivateServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on `port` without persistence and resolves once it logs that it accepts
 * connections (an event, not a sleep). Fails when the port is taken.
 */
export function startRedisServer(port: number): Promise<PrivateServer> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  return launch(port, args, /Ready to accept connections/);
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
