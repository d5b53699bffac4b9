// The results as a table: every load figure with its ratio to the ceiling, then the direct ones.
import type { BenchResults } from "./results-schema";

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row, index) => {
      const line = row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
      return index === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    })
    .join("\n");
}

const number = (n: number) => n.toLocaleString("en", { maximumFractionDigits: 1 });
const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 1)} %`;

export function formatResults(results: BenchResults): string {
  const { community, direct, posting } = results;
  const rows: string[][] = [["figure", "c", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "of ceiling"]];
  for (const f of [...results.ceiling, ...results.http]) {
    rows.push([f.label, String(f.connections), number(f.requestsPerSecond), number(f.latencyMs.p50), number(f.latencyMs.p95), number(f.latencyMs.p99), String(f.unexpected + f.errors), percent(f.ratioToCeiling)]);
  }
  const ceilingAt = (c: number) => results.ceiling.find((f) => f.connections === c)?.requestsPerSecond ?? 0;
  if (posting) {
    const w = posting.writes;
    const r = posting.readers;
    const readerCeiling = ceilingAt(Math.min(...results.options.connections));
    rows.push([`posting answers through the form (${posting.writers} writers)`, String(posting.writers), number(w.requestsPerSecond), number(w.latencyMs.p50), number(w.latencyMs.p95), number(w.latencyMs.p99), String(w.unexpected + w.errors), "—"]);
    rows.push(["guest thread pages read meanwhile", String(Math.min(...results.options.connections)), number(r.requestsPerSecond), number(r.latencyMs.p50), number(r.latencyMs.p95), number(r.latencyMs.p99), String(r.unexpected + r.errors), readerCeiling ? percent(r.requestsPerSecond / readerCeiling) : "—"]);
  }
  const facts = [
    ["community", `${number(community.threads)} threads, ${number(community.posts)} posts, ${number(community.users)} users${community.reused ? " (reused)" : `, generated in ${number(community.generateSeconds)} s (${number(community.generateCpuSeconds)} s of CPU)`}`],
    ["thread page HTML", `${number(community.threadPageBytes / 1024)} KB`],
    ["cold start (process start to first 200)", `${number(direct.coldStartMs)} ms`],
    ["peak RSS of the server", `${number(direct.peakRssMb)} MB`],
    ["database size", `${number(direct.databaseMb)} MB`],
    ["search reindex", `${number(direct.reindexThreadsPerSecond)} threads/s (${number(direct.reindexSeconds)} s, ${number(direct.reindexCpuSeconds)} s of CPU)`],
    ...(direct.sweepFlagMs === undefined ? [] : [["escalation sweep", `${number(direct.sweepIdleMs ?? 0)} ms with nothing due, ${number(direct.sweepFlagMs)} ms flagging ${direct.sweepFlagged} (median of ${direct.sweepRounds ?? 1} rounds; first ${number(direct.sweepFirstFlagMs ?? direct.sweepFlagMs)} ms)`]]),
    ...(posting
      ? [
          ["SQLITE_BUSY while posting", String(posting.busyErrors)],
          ["server CPU per request while posting", `${number(posting.serverCpuMsPerRequest)} ms`],
        ]
      : []),
  ];
  return `${table(rows)}\n\n${table([["direct figure", "value"], ...facts])}`;
}
