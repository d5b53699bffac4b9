// The relevance evaluation (issue 15): a fixed corpus and queries written against it
// (tests/fixtures/search-eval/), thousands of generated distractor threads around them, and each
// query scored on both search APIs (search and similar questions) as top-1, top-3 and MRR per kind.
// `npm run search:eval` prints the full table; tests/search/eval.test.ts runs a smaller one in `npm test`.
import fs from "node:fs";
import path from "node:path";
import type { SearchDocument, SearchIndex } from "@search/types";
import { SEED_SEARCH_SYNONYMS } from "@db/seed-data";
import { textGenerator } from "../bench/search-corpus";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/search-eval");
export const QUERY_KINDS = ["paraphrase", "short", "typo", "cut-word", "synonym", "cjk"] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];
export const APIS = ["search", "similar"] as const;
export type Api = (typeof APIS)[number];

interface FixtureThread {
  id: number;
  category: string;
  title: string;
  question: string;
  accepted: string;
  solved: boolean;
}
export interface EvalQuery {
  kind: QueryKind;
  q: string;
  /** The corpus thread (its id in corpus.json) the person wants. */
  expect: number;
}

/** Results looked at per query: a thread found below this counts as not found. */
const DEPTH = 10;
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const CATEGORIES = ["phones", "internet", "billing", "account"];

function document(id: number, fields: Omit<SearchDocument, "id" | "slug" | "categoryName" | "kind" | "status" | "hasStaffAnswer" | "meToo" | "lastActivity">): SearchDocument {
  return {
    id,
    slug: `thread-${id}`,
    categoryName: fields.category,
    kind: "question",
    status: fields.solved ? "solved" : "open",
    hasStaffAnswer: fields.solved,
    meToo: 0,
    lastActivity: fields.created,
    ...fields,
  };
}

export function loadQueries(): EvalQuery[] {
  return (JSON.parse(fs.readFileSync(path.join(FIXTURES, "queries.json"), "utf8")) as { queries: EvalQuery[] }).queries;
}

/**
 * The corpus and `distractors` generated threads in one id space. Corpus threads are spread
 * through it (thread n gets id n × spacing) rather than first or last, so neither "newest" nor
 * "oldest" favours them when a query matches too many threads to rank them all.
 */
export function buildEvalDocuments(distractors: number, seed = 15): { documents: SearchDocument[]; idOf: (corpusId: number) => number } {
  const threads = (JSON.parse(fs.readFileSync(path.join(FIXTURES, "corpus.json"), "utf8")) as { threads: FixtureThread[] }).threads;
  const total = threads.length + distractors;
  const spacing = Math.max(1, Math.floor(total / threads.length));
  const idOf = (corpusId: number) => corpusId * spacing;
  const corpusIds = new Set(threads.map((thread) => idOf(thread.id)));
  const text = textGenerator(seed);
  const documents: SearchDocument[] = threads.map(({ id, ...thread }) =>
    document(idOf(id), { ...thread, answers: "", votes: 1, created: T0 + (idOf(id) * DAY) / 10 }),
  );
  for (let id = 1, made = 0; made < distractors; id++) {
    if (corpusIds.has(id)) continue;
    made += 1;
    const solved = text.random() < 0.4;
    const title = text.sentence(5 + Math.floor(text.random() * 5));
    documents.push(
      document(id, {
        title: title[0]!.toUpperCase() + title.slice(1),
        question: text.sentence(15 + Math.floor(text.random() * 30)),
        accepted: solved ? text.sentence(10 + Math.floor(text.random() * 25)) : "",
        answers: text.random() < 0.5 ? text.sentence(20 + Math.floor(text.random() * 40)) : "",
        category: CATEGORIES[Math.floor(text.random() * CATEGORIES.length)]!,
        solved,
        votes: Math.floor(text.random() * 5),
        created: T0 + id * DAY / 10,
      }),
    );
  }
  return { documents, idOf };
}

export interface Score {
  queries: number;
  top1: number;
  top3: number;
  mrr: number;
}
export interface EvalReport {
  scores: Record<Api, Record<QueryKind | "all", Score>>;
  /** Queries whose thread was not first, with where it was (0: not in the first ten). */
  misses: { api: Api; kind: QueryKind; q: string; rank: number }[];
}

/** Fills the index with the corpus, `distractors` generated threads and the demo synonyms. */
export async function prepareIndex(index: SearchIndex, distractors: number) {
  const { documents, idOf } = buildEvalDocuments(distractors);
  await index.setup();
  for (let at = 0; at < documents.length; at += 1000) await index.upsert(documents.slice(at, at + 1000));
  await index.setSynonyms(SEED_SEARCH_SYNONYMS);
  return idOf;
}

/** Scores every query on both APIs. Cut-word queries are searched as typing, as the search box sends them. */
export async function evaluate(index: SearchIndex, queries: EvalQuery[], idOf: (corpusId: number) => number): Promise<EvalReport> {
  const ranks: { api: Api; kind: QueryKind; q: string; rank: number }[] = [];
  for (const query of queries) {
    const wanted = idOf(query.expect);
    const searched = (await index.search({ q: query.q, limit: DEPTH, prefix: query.kind === "cut-word" })).hits;
    const similar = await index.similar(query.q, DEPTH);
    for (const [api, hits] of [["search", searched], ["similar", similar]] as const) {
      ranks.push({ api, kind: query.kind, q: query.q, rank: hits.findIndex((hit) => hit.id === wanted) + 1 });
    }
  }
  const score = (rows: typeof ranks): Score => ({
    queries: rows.length,
    top1: rows.filter((row) => row.rank === 1).length / rows.length,
    top3: rows.filter((row) => row.rank >= 1 && row.rank <= 3).length / rows.length,
    mrr: rows.reduce((sum, row) => sum + (row.rank ? 1 / row.rank : 0), 0) / rows.length,
  });
  const scores = Object.fromEntries(
    APIS.map((api) => {
      const mine = ranks.filter((row) => row.api === api);
      const kinds = QUERY_KINDS.filter((kind) => mine.some((row) => row.kind === kind));
      return [api, { ...Object.fromEntries(kinds.map((kind) => [kind, score(mine.filter((row) => row.kind === kind))])), all: score(mine) }];
    }),
  ) as EvalReport["scores"];
  return { scores, misses: ranks.filter((row) => row.rank !== 1) };
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`.padStart(8);

export function formatReport(report: EvalReport, title: string): string {
  const lines = [title, `${"api".padEnd(8)} ${"kind".padEnd(11)} ${"queries".padStart(7)} ${"top-1".padStart(8)} ${"top-3".padStart(8)} ${"MRR".padStart(6)}`];
  for (const api of APIS) {
    for (const [kind, s] of Object.entries(report.scores[api])) {
      lines.push(`${api.padEnd(8)} ${kind.padEnd(11)} ${String(s.queries).padStart(7)} ${percent(s.top1)} ${percent(s.top3)} ${s.mrr.toFixed(3).padStart(6)}`);
    }
  }
  return lines.join("\n");
}
