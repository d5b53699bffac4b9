// The relevance evaluation's fast subset in `npm test` (the full run is `npm run search:eval`):
// every query, fewer distractors, thresholds that fail when relevance regresses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteFtsIndex } from "@search/sqlite-fts.server";
import { createTestDb } from "../setup/db";
import { evaluate, formatReport, loadQueries, prepareIndex, QUERY_KINDS, type EvalReport } from "./eval";

const DISTRACTORS = 1500;

describe("search relevance on our own query set (FTS5, 1,500 distractors)", () => {
  const { db } = createTestDb();
  let report: EvalReport;

  beforeAll(async () => {
    const index = createSqliteFtsIndex(db);
    const idOf = await prepareIndex(index, DISTRACTORS);
    report = await evaluate(index, loadQueries(), idOf);
    console.log(formatReport(report, "relevance (fast subset)"));
  }, 60_000);
  afterAll(() => db.$client.close());

  it("covers at least 150 queries of every kind", () => {
    expect(report.scores.search.all.queries).toBeGreaterThanOrEqual(150);
    expect(Object.keys(report.scores.search)).toEqual([...QUERY_KINDS, "all"]);
  });

  it("ranks the wanted thread first for at least 95 % of queries (90 % with all 5,000 distractors), on search and on similar questions", () => {
    expect(report.scores.search.all.top1).toBeGreaterThanOrEqual(0.95);
    expect(report.scores.similar.all.top1).toBeGreaterThanOrEqual(0.95);
    expect(report.scores.search.all.mrr).toBeGreaterThanOrEqual(0.97);
  });

  it("finds every misspelt and every half-typed word's thread in the top 3", () => {
    for (const kind of ["typo", "cut-word"] as const) {
      expect(report.scores.search[kind].top3, kind).toBe(1);
      expect(report.scores.similar[kind].top3, kind).toBe(1);
    }
  });

  it("finds synonyms and Chinese and Japanese queries first", () => {
    for (const kind of ["synonym", "cjk"] as const) expect(report.scores.search[kind].top1, kind).toBe(1);
  });
});
