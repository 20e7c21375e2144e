#!/usr/bin/env node
// `pnpm demo`: runs scripts/demo/run.ts straight from the TypeScript sources (tsx, and the
// `@sessionkit/source` export condition that points workspace packages at src/), so it works
// right after `pnpm install`, with no build.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const child = spawn(
  process.execPath,
  ["--conditions=@sessionkit/source", "--import", "tsx", "scripts/demo/run.ts"],
  // `--import tsx` resolves from the working directory: the root, where tsx is installed.
  { cwd: root, stdio: "inherit" },
);
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});
