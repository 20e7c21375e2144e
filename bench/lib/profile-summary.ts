/**
 * The top frames of a V8 `.cpuprofile` (what `node --cpu-prof` writes) by self time, as a
 * markdown table: which functions the samples landed in, with their share of all samples.
 */
import { markdownTable } from "./report.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Shortens a file URL to the part after node_modules (or the last two path segments). */
function where(url: string, line: number): string {
  if (!url) return "";
  const inModules = url.split("node_modules/").pop() ?? url;
  const short = inModules === url ? url.split("/").slice(-2).join("/") : inModules;
  return `${short}:${line + 1}`;
}

export function topFrames(profile: CpuProfile, count: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${where(url, lineNumber)}`.trim();
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length || 1;
  const rows = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, n]) => [`${((n / total) * 100).toFixed(1)} %`, frame]);
  return markdownTable(["self", "frame"], rows);
}
