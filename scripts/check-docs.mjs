#!/usr/bin/env node
/**
 * Checks that every command the documentation names exists: in the code blocks and inline code
 * of every tracked Markdown file (READMEs, CONTRIBUTING, SECURITY, docs/), each `pnpm <script>`
 * must be a script of the root package or of the README's own package, each
 * `pnpm --filter <package> <script>` a script of that workspace package, each
 * `pnpm vitest run --project <name>` a workspace package, each `node <file>` / `bash <file>` a
 * file of the repository, each `cd <dir>` a folder (the commands after it on that line are
 * checked there), and `npm install -g pnpm@<version>` the version `packageManager` pins.
 * `pnpm run x`, `pnpm -F p x` and `--filter=p` count as their short forms, and leading
 * `VAR=value` assignments are skipped, so no spelling of a command escapes the check.
 * Usage: `node scripts/check-docs.mjs` (exit 1 with one line per problem).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** node options whose value is the next word (`--import tsx file.ts`: the file is file.ts). */
const VALUE_OPTIONS = new Set(["--import", "--require", "-r", "--loader", "--conditions", "-C"]);

/** pnpm's own commands, which are not scripts. */
const PNPM_BUILTINS = new Set(["add", "install", "i", "dlx", "exec", "pack", "publish", "remove"]);

/** Shell lines inside fenced code blocks, and inline code spans, of one Markdown text. */
export function commandsIn(markdown) {
  const commands = [];
  let fenced = false;
  for (const [index, line] of markdown.split("\n").entries()) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    const pieces = fenced ? [line] : [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    for (const piece of pieces) {
      // `a && b`, `a; b`: each part is a command; a trailing `# comment` is not. A `cd dir`
      // part moves the parts after it (`cd examples/x && pnpm start` runs x's script).
      let cwd;
      for (const part of piece.replace(/\s#\s.*$/, "").split(/&&|;|\|\|/)) {
        // `PG_URL=… pnpm test`: the assignments are not the command.
        const text = part.trim().replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, "");
        if (/^(pnpm|node|bash|npm|docker|cd) /.test(text)) {
          commands.push(
            cwd === undefined ? { line: index + 1, text } : { line: index + 1, text, cwd },
          );
        }
        if (text.startsWith("cd ")) cwd = text.slice(3).trim();
      }
    }
  }
  return commands;
}

/** The workspace's packages by name: directory and scripts. */
function workspacePackages(root) {
  const listed = execFileSync("pnpm", ["-r", "ls", "--depth", "-1", "--json"], {
    cwd: root,
    encoding: "utf8",
  });
  const packages = new Map();
  for (const { name, path } of JSON.parse(listed)) {
    if (!name) continue;
    packages.set(name, { dir: path, scripts: scriptsOf(path) });
  }
  return packages;
}

function scriptsOf(dir) {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, "utf8")).scripts ?? {};
}

/** The nearest package.json directory at or above `dir`, inside `root`. */
function packageDirOf(root, dir) {
  for (let at = dir; at.startsWith(root); at = dirname(at)) {
    if (existsSync(join(at, "package.json"))) return at;
    if (at === root) break;
  }
  return root;
}

/** What is wrong with one command, or undefined. */
export function problemOf(command, { root, docDir, packages, pinnedPnpm }) {
  const words = command.split(/\s+/);
  const [tool, ...args] = words;
  const fileExists = (path) => existsSync(resolve(root, path)) || existsSync(resolve(docDir, path));
  if (tool === "cd") {
    const [dir] = args;
    if (!dir || dir.startsWith("$") || dir.startsWith("~") || dir === "-") return undefined;
    return fileExists(dir) ? undefined : `cd: no directory ${dir}`;
  }
  if (tool === "bash" || tool === "node") {
    if (args.some((arg) => arg === "-e" || arg === "-p" || arg === "-c")) return undefined;
    const path = args.find((arg, i) => !arg.startsWith("-") && !VALUE_OPTIONS.has(args[i - 1]));
    if (!path || !/[./]/.test(path)) return undefined;
    return fileExists(path) ? undefined : `${tool}: no file ${path}`;
  }
  if (tool === "npm") {
    const pinned = args.join(" ").match(/pnpm@(\S+)/)?.[1];
    if (pinned && pinned !== pinnedPnpm) {
      return `pnpm@${pinned} is not the version package.json pins (${pinnedPnpm})`;
    }
    return undefined;
  }
  if (tool === "docker") {
    return args[0] === "compose" && !existsSync(join(root, "docker-compose.yml"))
      ? "docker compose: no docker-compose.yml"
      : undefined;
  }
  // pnpm: `-F x` and `--filter=x` are `--filter x`; `run <script>` is `<script>`.
  const pnpmArgs = args.flatMap((arg) =>
    arg.startsWith("--filter=") ? ["--filter", arg.slice(9)] : arg === "-F" ? ["--filter"] : [arg],
  );
  if (pnpmArgs[0] === "--filter" && pnpmArgs[2] === "run") pnpmArgs.splice(2, 1);
  if (pnpmArgs[0] === "run") pnpmArgs.shift();
  return pnpmProblem(pnpmArgs, { root, docDir, packages });
}

/** What is wrong with `pnpm <args>` (options normalised), or undefined. */
function pnpmProblem(args, { root, docDir, packages }) {
  if (args[0] === "--filter") {
    const [, name, script] = args;
    if (!name || name.includes("…") || name.startsWith(".")) return undefined;
    const target = packages.get(name);
    if (!target) return `pnpm --filter: no workspace package ${name}`;
    if (!script || script.startsWith("-")) return undefined;
    return script in target.scripts || script === "exec"
      ? undefined
      : `pnpm --filter ${name}: no script "${script}"`;
  }
  const [script] = args;
  if (!script || script.startsWith("-") || PNPM_BUILTINS.has(script) || /^\d/.test(script)) {
    return undefined;
  }
  if (script === "vitest") {
    const project = args[args.indexOf("--project") + 1];
    if (args.includes("--project") && !packages.has(project)) {
      return `pnpm vitest: no project ${project}`;
    }
    return undefined;
  }
  const own = scriptsOf(packageDirOf(root, docDir));
  const rootScripts = scriptsOf(root);
  return script in rootScripts || script in own ? undefined : `pnpm: no script "${script}"`;
}

/** Where `cd dir` in a page leads: from the repository root, else from the page's folder. */
function dirIn({ root, docDir }, dir) {
  const fromRoot = resolve(root, dir);
  return existsSync(fromRoot) ? fromRoot : resolve(docDir, dir);
}

/** Every problem in the repository's tracked Markdown, as `file:line: command — problem`. */
export function checkDocs(root) {
  const files = execFileSync("git", ["ls-files", "*.md"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((file) => file && !file.startsWith(".changeset/") && !file.includes("CHANGELOG"));
  const packages = workspacePackages(root);
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const pinnedPnpm = String(manifest.packageManager ?? "").split("@")[1];
  const problems = [];
  for (const file of files) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const context = { root, docDir: dirname(path), packages, pinnedPnpm };
    for (const { line, text, cwd } of commandsIn(readFileSync(path, "utf8"))) {
      const problem = problemOf(text, cwd ? { ...context, docDir: dirIn(context, cwd) } : context);
      if (problem) problems.push(`${relative(root, path)}:${line}: ${text} — ${problem}`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const problems = checkDocs(root);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log("check-docs: every command the documentation names exists");
}
