import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function markdownTable(header: string[], rows: string[][]): string {
  const cell = (text: string) => text.replaceAll("|", "\\|");
  const lines = [
    `| ${header.map(cell).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
  return lines.join("\n");
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function machine(): string {
  const list = cpus();
  return `${list.length} cores (${list[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}, ${process.platform}`;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Writes `bench/results/<name>-<date>.md` and returns its path relative to bench/. */
export function writeResult(name: string, markdown: string): string {
  const dir = join(here, "..", "results");
  mkdirSync(dir, { recursive: true });
  const file = `${name}-${today()}.md`;
  writeFileSync(join(dir, file), `${markdown.trimEnd()}\n`);
  return `results/${file}`;
}
