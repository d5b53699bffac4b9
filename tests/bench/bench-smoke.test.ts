// A tiny run of the full benchmark (tests/bench/full.ts): it completes, every page and API it
// measures answered as expected before the load, the results file is well formed, and the
// generated community is as consistent as the write services would have left it.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runFullBenchmark } from "./full";
import { formatResults } from "./report";
import { BenchResultsSchema } from "./results-schema";
import { REPUTATION } from "~/utils/badges";
import { TMP } from "../setup/paths";

const THREADS = 200;

describe("npm run bench (tiny run)", () => {
  it("generates a consistent community, measures every scenario and writes well-formed results", async () => {
    const dir = path.join(TMP, `bench-smoke-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    const database = path.join(dir, "community.db");
    const out = path.join(dir, "latest.json");
    const rssTrace = path.join(dir, "rss.jsonl");
    const lines: string[] = [];

    // The suite's global setup has built the server already.
    await runFullBenchmark({
      threads: THREADS,
      warmupSeconds: 0.5,
      durationSeconds: 1,
      connections: [4],
      writers: 8,
      database,
      reuse: false,
      build: false,
      out,
      command: "bench-smoke.test.ts",
      rssTrace,
      log: (line) => lines.push(line),
    });

    const results = BenchResultsSchema.parse(JSON.parse(fs.readFileSync(out, "utf8")));
    expect(results.community).toMatchObject({ threads: THREADS, users: 100, categories: 10, reused: false });
    expect(results.community.posts).toBeGreaterThan(THREADS * 8);
    expect(results.http.map((f) => f.name)).toEqual(
      expect.arrayContaining(["thread-guest", "thread-member", "big-thread-first", "big-thread-last", "home-guest", "category-latest", "category-unanswered", "search-api", "similar-api", "embed", "widget-js"]),
    );
    for (const figure of [...results.http, ...results.ceiling]) {
      expect(figure.unexpected, `${figure.name}: ${JSON.stringify(figure.statusCounts)}`).toBe(0);
      expect(figure.connections).toBe(4);
    }
    expect(results.ceiling[0]!.requests).toBeGreaterThan(0);
    expect(results.posting?.writes.unexpected, JSON.stringify(results.posting?.writes.statusCounts)).toBe(0);
    expect(results.posting?.busyErrors).toBe(0);
    expect(results.posting?.serverCpuMsPerRequest).toBeGreaterThan(0);
    expect(results.direct.coldStartMs).toBeGreaterThan(0);
    expect(results.direct.peakRssMb).toBeGreaterThan(0);
    expect(results.direct.sweepFlagged).toBeGreaterThan(0);
    expect(results.direct.sweepRounds).toBeGreaterThan(1);
    expect(results.direct.sweepFirstFlagMs).toBeGreaterThan(0);
    expect(results.direct.reindexThreadsPerSecond).toBeGreaterThan(0);
    expect(formatResults(results)).toContain("of ceiling");
    expect(lines.filter((line) => / server CPU [\d.]+ ms per request/.test(line)).length).toBeGreaterThanOrEqual(results.http.length);

    // --rss-trace: the memory of the primary and both workers, each sample put down to the figure then measured.
    const samples = fs.readFileSync(rssTrace, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { pid: number; figure: string; VmRSS: number; RssAnon: number });
    expect(new Set(samples.map((sample) => sample.pid)).size).toBe(3);
    expect(new Set(samples.map((sample) => sample.figure))).toEqual(new Set(["start", ...results.http.map((f) => `${f.name} c=${f.connections}`), "posting"]));
    for (const sample of samples) expect(sample.VmRSS).toBeGreaterThanOrEqual(sample.RssAnon);
    expect(Math.max(...samples.map((sample) => sample.VmRSS))).toBeLessThanOrEqual(results.direct.peakRssMb);
    expect(fs.readFileSync(`${rssTrace}.summary`, "utf8")).toContain(" posting ");

    // The generated file (the server ran on a copy) holds what the services would have written.
    const sqlite = new Database(database, { readonly: true });
    const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    try {
      expect(count("SELECT count(*) AS n FROM threads")).toBe(THREADS);
      expect(count("SELECT count(*) AS n FROM threads t WHERE reply_count <> (SELECT count(*) - 1 FROM posts p WHERE p.thread_id = t.id)")).toBe(0);
      expect(count("SELECT count(*) AS n FROM threads t WHERE last_activity_at <> (SELECT max(created_at) FROM posts p WHERE p.thread_id = t.id)")).toBe(0);
      expect(count("SELECT count(*) AS n FROM threads t WHERE vote_count <> (SELECT sum(helpful_count) FROM posts p WHERE p.thread_id = t.id)")).toBe(0);
      expect(count("SELECT count(*) AS n FROM posts p WHERE helpful_count <> (SELECT count(*) FROM votes v WHERE v.post_id = p.id)")).toBe(0);
      expect(count("SELECT count(*) AS n FROM threads t WHERE me_too_count <> (SELECT count(*) FROM me_too m WHERE m.thread_id = t.id)")).toBe(0);
      expect(count("SELECT count(*) AS n FROM categories c WHERE thread_count <> (SELECT count(*) FROM threads t WHERE t.category_id = c.id AND hidden = 0)")).toBe(0);
      // Status follows the rows (thread-state.server.ts): solved with an accepted answer by someone else, answered with a response.
      expect(count(`SELECT count(*) AS n FROM threads t WHERE status <> CASE
          WHEN accepted_post_id IS NOT NULL THEN 'solved'
          WHEN EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.position > 1 AND p.author_id <> t.author_id) THEN 'answered'
          ELSE 'open' END`)).toBe(0);
      expect(count("SELECT count(*) AS n FROM threads t WHERE accepted_post_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = t.accepted_post_id AND p.thread_id = t.id AND p.position > 1 AND p.author_id <> t.author_id)")).toBe(0);
      expect(count(`SELECT count(*) AS n FROM threads t WHERE has_staff_reply <> EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.position > 1 AND p.author_role <> 'member')`)).toBe(0);
      expect(count(`SELECT count(*) AS n FROM threads t WHERE coalesce(first_response_at, -1) <> coalesce((SELECT min(created_at) FROM posts p WHERE p.thread_id = t.id AND p.position > 1 AND p.author_id <> t.author_id), -1)`)).toBe(0);
      expect(count(`SELECT count(*) AS n FROM users u WHERE answer_count <> (SELECT count(*) FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.author_id = u.id AND p.position > 1 AND t.author_id <> u.id)`)).toBe(0);
      expect(count(`SELECT count(*) AS n FROM users u WHERE accepted_count <> (SELECT count(*) FROM threads t JOIN posts p ON p.id = t.accepted_post_id WHERE p.author_id = u.id)`)).toBe(0);
      expect(count(`SELECT count(*) AS n FROM users u WHERE reputation <> ${REPUTATION.accepted} * accepted_count + ${REPUTATION.helpful} * (SELECT coalesce(sum(helpful_count), 0) FROM posts p WHERE p.author_id = u.id)`)).toBe(0);
      // Reminders on old unaccepted answers were sent as the job would have: no backlog for a fresh server.
      const remindedBefore = Date.now() - 3 * 24 * 3_600_000 - 3_600_000;
      expect(count(`SELECT count(*) AS n FROM threads WHERE accepted_post_id IS NULL AND reminder_sent_at IS NULL AND first_response_at < ${remindedBefore}`)).toBe(0);
      expect(count("SELECT count(*) AS n FROM threads WHERE reply_count >= 500")).toBeGreaterThanOrEqual(1);
      expect(count("SELECT count(*) AS n FROM search_docs")).toBe(THREADS);
      expect(count("SELECT count(*) AS n FROM search_terms")).toBeGreaterThan(100);
      expect(sqlite.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
      expect(sqlite.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
    } finally {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Well under a minute on a quiet machine; a server starting on two cores shared with a full
    // test run can take most of one by itself.
  }, 300_000);
});
