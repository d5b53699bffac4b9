// What a never-repeated query costs the FTS5 engine on a full-size community (issue 14): the
// search and similar-question APIs' queries, each asked once of a fresh engine, so the per-process
// result cache never answers. Needs a generated community: BENCH_SEARCH_DB=<a copy of
// data/bench/community-100000.db> (opened read-only in spirit: nothing is written, but use a copy).
// Prints p50/p95/max per kind and the SQL statements where the time went.
import fs from "node:fs";
import { openDatabase } from "@db/client.server";
import { createSqliteFtsIndex } from "@search/sqlite-fts.server";
import type { SearchIndex } from "@search/types";
import { SEED_SEARCH_SYNONYMS } from "@db/seed-data";
import { createRandom } from "./search-corpus";

const QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 200);

interface Sample {
  kind: string;
  run: (index: SearchIndex) => Promise<unknown>;
}

/** Queries shaped as the full bench's (tests/bench/full.ts) plus typos and words cut mid-typing, from another seed. */
export function samples(words: string[]): Sample[] {
  const random = createRandom(2026);
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const frequent = words.slice(0, 40);
  const mid = words.slice(40, 800);
  const typo = (word: string) => {
    const at = 1 + Math.floor(random() * (word.length - 2));
    return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  };
  const out: Sample[] = [];
  const seen = new Set<string>();
  const add = (kind: string, q: string, run: Sample["run"]) => {
    if (seen.has(`${kind} ${q}`)) return;
    seen.add(`${kind} ${q}`);
    out.push({ kind, run });
  };
  for (let i = 0; i < QUERIES; i++) {
    const search = `${pick(i % 2 ? frequent : words.slice(0, 400))} ${pick(mid)}`;
    add("search", search, (index) => index.search({ q: search, limit: 10, prefix: true }));
    const title = `How do I ${pick(frequent)} ${pick(mid)} ${pick(mid)}?`;
    add("similar", title, (index) => index.similar(title, 5));
    const typed = `${pick(mid)} ${typo(pick(mid.filter((w) => w.length >= 6)))}`;
    add("search typo", typed, (index) => index.search({ q: typed, limit: 10, prefix: true }));
    const whole = pick(mid.filter((w) => w.length >= 6));
    const cut = `${pick(frequent)} ${whole.slice(0, 3 + Math.floor(random() * (whole.length - 3)))}`;
    add("search cut", cut, (index) => index.search({ q: cut, limit: 10, prefix: true }));
  }
  return out;
}

/** Times every statement run through the connection, by its SQL text. */
function timeStatements(sqlite: ReturnType<typeof openDatabase>["$client"]) {
  const spent = new Map<string, { ms: number; calls: number }>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    const key = source.replace(/\s+/g, " ").replace(/\?(, \?)+/g, "?…").slice(0, 140);
    for (const method of ["all", "get", "run"] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        const started = process.cpuUsage();
        try {
          return original(...args);
        } finally {
          const entry = spent.get(key) ?? { ms: 0, calls: 0 };
          entry.ms += cpuMs(started);
          entry.calls += 1;
          spent.set(key, entry);
        }
      };
    }
    return statement;
  }) as typeof sqlite.prepare;
  return spent;
}

/** CPU time since `started`: on a shared machine wall time mostly measures the neighbours. */
const cpuMs = (started: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export default async function bench() {
  const file = process.env.BENCH_SEARCH_DB;
  if (!file || !fs.existsSync(file)) {
    console.log("skipped: set BENCH_SEARCH_DB to a copy of a generated community (npm run bench generates one)");
    return;
  }
  const words = (JSON.parse(fs.readFileSync(`${file}.json`, "utf8")) as { sample: { words: string[] } }).sample.words;
  const db = openDatabase(file);
  const spent = timeStatements(db.$client);
  const index = createSqliteFtsIndex(db);
  if (process.env.BENCH_SEARCH_SYNONYMS === "seed") await index.setSynonyms(SEED_SEARCH_SYNONYMS);
  const all = samples(words);
  // Warm the page cache and the prepared statements on queries not measured.
  for (const sample of samples(words.slice().reverse()).slice(0, 20)) await sample.run(index);
  spent.clear();
  const times = new Map<string, number[]>();
  for (const sample of all) {
    const started = process.cpuUsage();
    await sample.run(index);
    const list = times.get(sample.kind) ?? [];
    list.push(cpuMs(started));
    times.set(sample.kind, list);
  }
  console.log("CPU time per query\nkind          queries   p50 ms   p95 ms   max ms  mean ms");
  for (const [kind, list] of times) {
    const sorted = list.slice().sort((a, b) => a - b);
    const mean = list.reduce((a, b) => a + b, 0) / list.length;
    console.log(
      `${kind.padEnd(12)} ${String(list.length).padStart(8)} ${[percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.at(-1)!, mean].map((ms) => ms.toFixed(1).padStart(8)).join(" ")}`,
    );
  }
  console.log("\nSQL CPU time (ms total, calls):");
  for (const [sql, { ms, calls }] of [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
    console.log(`${ms.toFixed(0).padStart(7)} ${String(calls).padStart(6)}  ${sql}`);
  }
  db.$client.close();
}
