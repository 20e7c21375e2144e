import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A PostgreSQL server of the test's own, in a temporary folder on its own port, that the test
 * may stop and start at will: the shared server of `pnpm services` is never interrupted.
 */
export interface PrivatePostgres {
  url: string;
  start(): Promise<void>;
  /** Stops the server the way a crash would (`-m immediate`): clients see their sockets die. */
  stop(): Promise<void>;
  /** Stops the server if it runs and deletes its folder. */
  remove(): Promise<void>;
}

/** The newest PostgreSQL server binaries on the machine (`PG_BIN` overrides). */
function findBinaries(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined) {
    throw new Error(
      "This test starts a PostgreSQL server of its own and needs the server binaries (initdb, pg_ctl): run `pnpm services` (it installs them) or set PG_BIN to their folder.",
    );
  }
  return join(root, versions[0], "bin");
}

/**
 * How long `pg_ctl` may take to start or stop the server (its own default is 60 s), and the
 * bound for set-up hooks that create one: initdb plus a start on a machine whose cores are
 * saturated by other work takes far longer than vitest's 10 s default hook timeout.
 */
export const PG_CTL_WAIT_SECONDS = 100;
export const SETUP_TIMEOUT_MS = 120_000;

export async function createPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = findBinaries();
  const dir = await mkdtemp(join(tmpdir(), "sessionkit-pg-outage-"));
  const data = join(dir, "data");
  // PostgreSQL refuses to run as root: as root, run it as the `postgres` user.
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", join(bin, tool), ...args])
      : run(join(bin, tool), args);
  let running = false;

  await pg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () => {
      const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`;
      await pg("pg_ctl", [
        "-D",
        data,
        "-l",
        join(dir, "server.log"),
        "-w",
        "-t",
        `${PG_CTL_WAIT_SECONDS}`,
        "-o",
        options,
        "start",
      ]);
      running = true;
    },
    stop: async () => {
      await pg("pg_ctl", [
        "-D",
        data,
        "-m",
        "immediate",
        "-w",
        "-t",
        `${PG_CTL_WAIT_SECONDS}`,
        "stop",
      ]);
      running = false;
    },
    remove: async () => {
      if (running) await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}
