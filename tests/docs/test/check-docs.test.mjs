import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkDocs, commandsIn, problemOf } from "../../../scripts/check-docs.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("check-docs", () => {
  it("finds no missing command in the repository's documentation", () => {
    expect(checkDocs(root)).toEqual([]);
  });

  it("reads commands from fenced blocks and inline code, split at && and without comments", () => {
    const markdown = [
      "Run `pnpm demo` first.",
      "```sh",
      "npm install -g pnpm@1.2.3 && pnpm install && pnpm demo   # a comment",
      "bash .ci/run",
      "```",
      "Plain text pnpm nothing here.",
    ].join("\n");
    expect(commandsIn(markdown).map((c) => c.text)).toEqual([
      "pnpm demo",
      "npm install -g pnpm@1.2.3",
      "pnpm install",
      "pnpm demo",
      "bash .ci/run",
    ]);
  });

  it("reads a command behind VAR=value assignments, and carries a cd to the parts after it", () => {
    const markdown = [
      "```sh",
      "PG_URL=postgres://x A_B=1 pnpm --filter @x/app start",
      "cd examples/app && PORT=4000 pnpm start",
      "```",
    ].join("\n");
    expect(commandsIn(markdown)).toEqual([
      { line: 2, text: "pnpm --filter @x/app start" },
      { line: 3, text: "cd examples/app" },
      { line: 3, text: "pnpm start", cwd: "examples/app" },
    ]);
  });

  describe("refuses what does not exist", () => {
    const scratch = mkdtempSync(join(tmpdir(), "check-docs-"));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ scripts: { demo: "x" } }));
    const context = {
      root: scratch,
      docDir: scratch,
      packages: new Map([["@x/app", { dir: scratch, scripts: { start: "x" } }]]),
      pinnedPnpm: "10.34.9",
    };

    it.each([
      ["pnpm demo", undefined],
      ["pnpm no-such-script", 'pnpm: no script "no-such-script"'],
      ["pnpm --filter @x/app start", undefined],
      ["pnpm --filter @x/app serve", 'pnpm --filter @x/app: no script "serve"'],
      ["pnpm --filter @x/nope start", "pnpm --filter: no workspace package @x/nope"],
      ["pnpm vitest run --project @x/nope", "pnpm vitest: no project @x/nope"],
      ["bash scripts/missing.sh", "bash: no file scripts/missing.sh"],
      ["node package.json", undefined],
      ["npm install -g pnpm@9.0.0", "pnpm@9.0.0 is not the version package.json pins (10.34.9)"],
      ["pnpm add express", undefined],
      ["pnpm run demo", undefined],
      ["pnpm run no-such-script", 'pnpm: no script "no-such-script"'],
      ["pnpm -F @x/app serve", 'pnpm --filter @x/app: no script "serve"'],
      ["pnpm --filter=@x/app run serve", 'pnpm --filter @x/app: no script "serve"'],
      ["pnpm --filter @x/app run start", undefined],
      ["node --import tsx scripts/missing.ts", "node: no file scripts/missing.ts"],
      ["node -e 'console.log(1)'", undefined],
      ["cd no/such/dir", "cd: no directory no/such/dir"],
      ["cd .", undefined],
    ])("%s", (command, problem) => {
      expect(problemOf(command, context)).toBe(problem);
    });

    it("checks a script after `cd dir` in that folder's package", () => {
      const app = join(scratch, "app");
      mkdirSync(app);
      writeFileSync(join(app, "package.json"), JSON.stringify({ scripts: { serve: "x" } }));
      expect(problemOf("pnpm serve", { ...context, docDir: app })).toBeUndefined();
      expect(problemOf("pnpm serve", context)).toBe('pnpm: no script "serve"');
    });
  });
});
