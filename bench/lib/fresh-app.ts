/**
 * A fresh app the way a user gets sessionkit: the packages of one commit built and packed
 * (`pnpm pack`), installed with npm from those tarballs into an empty directory beside the
 * libraries compared with it, at the versions pinned below. `server.cjs` then `require`s
 * everything from there: the CommonJS build, with nothing of the workspace in reach.
 *
 * Apps are cached per commit under the system temp directory; the working tree (`ref` "."),
 * which may have changes, is built and packed anew each time.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The sessionkit packages an app needs. */
const PACKAGES = ["core", "express", "koa", "store-memory", "store-redis"];

/** What the app installs beside sessionkit: exact versions, the same for every commit. */
export const COMPARED_LIBRARIES: Record<string, string> = {
  express: "5.3.0",
  koa: "3.3.0",
  "express-session": "1.19.0",
  memorystore: "1.6.8",
  "connect-redis": "9.0.0",
  redis: "5.12.1",
  "koa-session": "7.0.2",
  "koa-redis": "4.0.1",
  ioredis: "5.11.1",
};

function run(cwd: string, command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? "/usr" },
  });
}

export interface FreshApp {
  /** Directory with the app's package.json and node_modules. */
  root: string;
  /** The commit it was built from (or "working tree"). */
  commit: string;
}

/**
 * Builds, packs and installs the sessionkit packages of `ref` ("." for the working tree of
 * `repo`) into a fresh app directory and returns it.
 */
export function prepareFreshApp(repo: string, ref: string): FreshApp {
  const workingTree = ref === ".";
  const commit = workingTree ? "working tree" : run(repo, "git", ["rev-parse", ref]).trim();
  const base = join(
    tmpdir(),
    "sessionkit-bench-apps",
    workingTree ? `tree-${process.pid}` : commit,
  );
  const root = join(base, "app");
  if (!workingTree && existsSync(join(root, "node_modules", "@sessionkit", "core"))) {
    return { root, commit };
  }
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });

  let source = repo;
  if (!workingTree) {
    source = join(base, "source");
    mkdirSync(source);
    process.stderr.write(`[fresh-app] exporting ${commit.slice(0, 10)}\n`);
    execFileSync("bash", ["-c", `git -C "${repo}" archive ${commit} | tar -x -C "${source}"`], {
      stdio: "inherit",
    });
  }
  const filters = PACKAGES.flatMap((name) => ["--filter", `@sessionkit/${name}...`]);
  if (!workingTree) {
    process.stderr.write("[fresh-app] installing the workspace's build tools\n");
    run(source, "pnpm", [...filters, "install", "--frozen-lockfile", "--prefer-offline"]);
  }
  process.stderr.write("[fresh-app] building\n");
  run(source, "pnpm", [...filters, "run", "build"]);
  const tarballs = join(base, "tarballs");
  mkdirSync(tarballs);
  for (const name of PACKAGES) {
    run(join(source, "packages", name), "pnpm", ["pack", "--pack-destination", tarballs]);
  }
  const files = readdirSync(tarballs);
  const dependencies: Record<string, string> = { ...COMPARED_LIBRARIES };
  for (const name of PACKAGES) {
    const file = files.find((f) => f.startsWith(`sessionkit-${name}-`));
    if (!file) throw new Error(`pnpm pack wrote no tarball for @sessionkit/${name}`);
    dependencies[`@sessionkit/${name}`] = `file:${join(tarballs, file)}`;
  }
  mkdirSync(root);
  writeFileSync(
    join(root, "package.json"),
    `${JSON.stringify(
      {
        name: "sessionkit-bench-fresh-app",
        private: true,
        dependencies,
        // The packed packages name each other by version (0.0.0, never published): the
        // tarballs stand in for it.
        overrides: Object.fromEntries(
          PACKAGES.map((n) => [`@sessionkit/${n}`, `$@sessionkit/${n}`]),
        ),
      },
      null,
      2,
    )}\n`,
  );
  process.stderr.write("[fresh-app] npm install\n");
  run(root, "npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
  if (!workingTree) rmSync(join(base, "source"), { recursive: true, force: true });
  return { root, commit };
}
