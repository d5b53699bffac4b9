// `npm run bench`: the full benchmark (tests/bench/full.ts), or with `--micro [names]` the
// micro-benchmarks tests/bench/*.bench.ts (each exports a default async function that measures and
// prints its own figures). See the README's Performance section for the flags.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { runFullBenchmark } from "./full";
import { formatResults } from "./report";
import { ROOT } from "./server";

const dir = import.meta.dirname;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    threads: { type: "string", default: "100000" },
    warmup: { type: "string", default: "5" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10,50" },
    writers: { type: "string", default: "8" },
    db: { type: "string" },
    reuse: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    out: { type: "string", default: path.join(ROOT, "tests/bench/results/latest.json") },
    micro: { type: "boolean", default: false },
    only: { type: "string" },
    profile: { type: "string" },
    "rss-trace": { type: "string" },
  },
});

function positive(name: string, value: string | undefined, { integer = true } = {}): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    console.error(`--${name} takes a positive ${integer ? "whole " : ""}number, not ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

async function runMicro(wanted: string[]) {
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".bench.ts"))
    .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
    .sort();
  for (const file of files) {
    console.log(`\n== ${file.replace(/\.bench\.ts$/, "")} ==`);
    const started = performance.now();
    const bench = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: () => Promise<void> };
    await bench.default();
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

if (values.micro || positionals.length > 0) {
  await runMicro(positionals);
} else {
  const threads = positive("threads", values.threads);
  const results = await runFullBenchmark({
    threads,
    warmupSeconds: values.warmup === "0" ? 0 : positive("warmup", values.warmup, { integer: false }),
    durationSeconds: positive("duration", values.duration, { integer: false }),
    connections: (values.connections ?? "").split(",").map((c) => positive("connections", c.trim())),
    writers: positive("writers", values.writers),
    database: path.resolve(values.db ?? path.join(ROOT, `data/bench/community-${threads}.db`)),
    reuse: values.reuse ?? false,
    build: !values["no-build"],
    out: path.resolve(values.out!),
    only: values.only ? values.only.split(",").map((name) => name.trim()).filter(Boolean) : undefined,
    profileDir: values.profile ? path.resolve(values.profile) : undefined,
    rssTrace: values["rss-trace"] ? path.resolve(values["rss-trace"]) : undefined,
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
  });
  console.log(`\n${formatResults(results)}\n\nWritten to ${path.relative(process.cwd(), path.resolve(values.out!))}`);
}
