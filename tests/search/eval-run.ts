// `npm run search:eval`: the full relevance evaluation (5,000 distractors) on FTS5, and on
// Meilisearch too when MEILI_HOST is set. Prints a table per engine and every query not ranked first.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { migrateDatabase, openDatabase } from "@db/client.server";
import { createMeilisearchIndex } from "@search/meilisearch.server";
import { createSqliteFtsIndex } from "@search/sqlite-fts.server";
import type { SearchIndex } from "@search/types";
import { evaluate, formatReport, loadQueries, prepareIndex } from "./eval";

const DISTRACTORS = Number(process.env.SEARCH_EVAL_DISTRACTORS ?? 5000);

async function run(name: string, index: SearchIndex) {
  const started = performance.now();
  const idOf = await prepareIndex(index, DISTRACTORS);
  const indexed = performance.now();
  const report = await evaluate(index, loadQueries(), idOf);
  const queries = report.scores.search.all.queries;
  console.log(formatReport(report, `\n${name}: corpus + ${DISTRACTORS.toLocaleString("en")} distractors`));
  console.log(`indexed in ${((indexed - started) / 1000).toFixed(1)} s; ${queries} queries × 2 APIs in ${((performance.now() - indexed) / 1000).toFixed(1)} s`);
  if (report.misses.length) {
    console.log("\nnot first (rank 0 = not in the first ten):");
    for (const miss of report.misses) console.log(`  ${miss.api.padEnd(8)} ${miss.kind.padEnd(11)} ${String(miss.rank).padStart(2)}  ${miss.q}`);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peerdesk-eval-"));
const db = openDatabase(path.join(dir, "eval.db"));
migrateDatabase(db);
try {
  await run("SQLite FTS5", createSqliteFtsIndex(db));
  if (process.env.MEILI_HOST) {
    const index = createMeilisearchIndex({ host: process.env.MEILI_HOST, apiKey: process.env.MEILI_API_KEY || undefined, indexUid: `peerdesk_eval_${randomUUID().slice(0, 8)}` });
    await run(`Meilisearch at ${process.env.MEILI_HOST}`, index);
  }
} finally {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
