import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMeilisearchIndex, MEILI_SETTINGS } from "@search/meilisearch.server";
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, SearchUnavailable, type SearchIndex } from "@search/types";
import { CORPUS } from "./corpus";
import { startFakeMeilisearch } from "./fake-meilisearch";

type Fake = Awaited<ReturnType<typeof startFakeMeilisearch>>;

describe("Meilisearch adapter against a server speaking the documented API", () => {
  let fake: Fake;
  let index: SearchIndex;

  beforeEach(async () => {
    fake = await startFakeMeilisearch({ apiKey: "test-key" });
    index = createMeilisearchIndex({ host: fake.url, apiKey: "test-key", indexUid: "threads", taskIntervalMs: 1, timeoutMs: 2000 });
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
  });

  const calls = (method: string, path: string) => fake.requests.filter((r) => r.method === method && r.path === path);

  it("creates the index with its primary key and applies the settings, waiting for each task to succeed", async () => {
    await index.setup();
    expect(calls("GET", "/indexes/threads")).toHaveLength(1);
    expect(calls("POST", "/indexes")[0]!.body).toEqual({ uid: "threads", primaryKey: "id" });
    expect(calls("PATCH", "/indexes/threads/settings")[0]!.body).toEqual({ ...MEILI_SETTINGS, synonyms: {} });
    expect(fake.indexes.get("threads")!.settings).toMatchObject({
      searchableAttributes: ["title", "accepted", "question", "answers"],
      filterableAttributes: expect.arrayContaining(["category", "kind", "status", "hasStaffAnswer"]),
      sortableAttributes: ["created", "votes"],
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
      stopWords: expect.arrayContaining(["the", "my", "how"]),
    });
    // Every task was polled through enqueued and processing until it succeeded.
    expect(fake.tasks.every((task) => task.status === "succeeded" && task.polls >= 3)).toBe(true);
    expect(fake.requests.every((r) => r.authorization === "Bearer test-key")).toBe(true);

    await index.setup();
    expect(calls("POST", "/indexes")).toHaveLength(1);
  });

  it("ranks solved threads and helpful votes through custom ranking rules", () => {
    expect(MEILI_SETTINGS.rankingRules).toEqual(["words", "typo", "proximity", "attribute", "sort", "solved:desc", "votes:desc", "exactness"]);
  });

  it("sends documents in batches with the primary key and waits for them", async () => {
    await index.setup();
    const many = Array.from({ length: 2500 }, (_, i) => ({ ...CORPUS[0]!, id: 100 + i }));
    await index.upsert(many);
    const batches = calls("POST", "/indexes/threads/documents");
    expect(batches.map((b) => (b.body as unknown[]).length)).toEqual([1000, 1000, 500]);
    expect(batches.every((b) => b.query.primaryKey === "id")).toBe(true);
    expect((batches[0]!.body as Record<string, unknown>[])[0]).toMatchObject({ id: 100, solved: 0, title: CORPUS[0]!.title });
    expect(await index.count()).toBe(2500);
  });

  it("maps a query to documented search parameters and the answer to hits with highlights", async () => {
    await index.setup();
    await index.upsert(CORPUS);
    const result = await index.search({ q: 'router "AND', category: "internet", kind: "question", solvedOnly: true, sort: "helpful", limit: 5, offset: 0 });
    const body = calls("POST", "/indexes/threads/search")[0]!.body as Record<string, unknown>;
    expect(body).toEqual({
      q: 'router "AND',
      filter: 'category = "internet" AND kind = "question" AND solved = 1',
      sort: ["votes:desc", "created:desc"],
      limit: 5,
      offset: 0,
      matchingStrategy: "all",
      attributesToHighlight: ["title", "accepted", "question", "answers"],
      attributesToCrop: ["accepted", "question", "answers"],
      cropLength: 24,
      cropMarker: "…",
      highlightPreTag: HIGHLIGHT_PRE,
      highlightPostTag: HIGHLIGHT_POST,
    });
    expect(result.hits.map((hit) => hit.id)).toEqual([2]);

    const found = await index.search({ q: "router", sort: "newest", limit: 2, offset: 1 });
    expect(found.total).toBe(4);
    expect(found.hits.map((hit) => hit.id)).toEqual([3, 2]);
    expect(found.hits[1]).toMatchObject({ solved: true, slug: "thread-2", categoryName: "Internet" });
    expect(found.hits[1]!.snippet).toContain(`${HIGHLIGHT_PRE}router${HIGHLIGHT_POST}`);
    expect(calls("POST", "/indexes/threads/search")[1]!.body).not.toHaveProperty("filter");
  });

  it("sends no request for an empty query and cuts long ones at 200 characters", async () => {
    await index.setup();
    expect(await index.search({ q: "  " })).toEqual({ hits: [], total: 0, exhaustive: true, matched: "all" });
    expect(calls("POST", "/indexes/threads/search")).toHaveLength(0);
    await index.search({ q: "word ".repeat(100) });
    expect((calls("POST", "/indexes/threads/search")[0]!.body as { q: string }).q.length).toBeLessThanOrEqual(200);
  });

  it("deletes documents with the delete-batch endpoint", async () => {
    await index.setup();
    await index.upsert(CORPUS);
    await index.delete([1, 2]);
    expect(calls("POST", "/indexes/threads/documents/delete-batch")[0]!.body).toEqual([1, 2]);
    expect(await index.count()).toBe(CORPUS.length - 2);
  });

  it("treats a failed task as an error", async () => {
    await index.setup();
    fake.state.failNextTask = true;
    await expect(index.upsert(CORPUS)).rejects.toThrow(/failed: The document could not be indexed/);
  });

  it("reports an unreachable server as briefly unavailable", async () => {
    await index.setup();
    fake.state.down = true;
    await expect(index.search({ q: "router" })).rejects.toBeInstanceOf(SearchUnavailable);
    await expect(index.upsert(CORPUS)).rejects.toBeInstanceOf(SearchUnavailable);
    expect(await index.healthy()).toBe(false);
    fake.state.down = false;
    expect(await index.healthy()).toBe(true);
  });

  it("asks for similar threads with every word first, then fewer, keeping the engine's relevance order", async () => {
    await index.setup();
    await index.upsert(CORPUS);
    const similar = await index.similar("How do I fix my router", 5);
    const bodies = calls("POST", "/indexes/threads/search").map((call) => call.body as Record<string, unknown>);
    expect(bodies).toEqual([
      expect.objectContaining({ q: "fix router", limit: 5, matchingStrategy: "all" }),
      expect.objectContaining({ q: "fix router", limit: 5, matchingStrategy: "frequency" }),
    ]);
    // The fake ranks by field: the title match (open thread 1) stays ahead of the solved thread 2.
    expect(similar.map((hit) => hit.id)).toEqual([1, 2, 3, 4]);
  });

  it("searches every word first and says so, then settles for some words", async () => {
    await index.setup();
    await index.upsert(CORPUS);
    expect(await index.search({ q: "router microwave" })).toMatchObject({ matched: "all", total: 1 });
    const some = await index.search({ q: "router zeppelin" });
    expect(some).toMatchObject({ matched: "some", total: 4 });
    const strategies = calls("POST", "/indexes/threads/search").map((call) => (call.body as { matchingStrategy: string }).matchingStrategy);
    expect(strategies).toEqual(["all", "all", "frequency"]);
  });

  it("hands the synonym groups to Meilisearch's synonyms setting, for the live index and any rebuild", async () => {
    await index.setup();
    await index.upsert(CORPUS);
    expect((await index.search({ q: "wireless" })).total).toBe(0);
    await index.setSynonyms([["Wireless", "wifi", "wi-fi"]]);
    const expected = { wireless: ["wifi", "wi-fi"], wifi: ["wireless", "wi-fi"], "wi-fi": ["wireless", "wifi"] };
    expect(calls("PATCH", "/indexes/threads/settings").at(-1)!.body).toEqual({ synonyms: expected });
    expect((await index.search({ q: "wireless" })).hits.map((hit) => hit.id)).toEqual([3]);
    const build = await index.startBuild();
    const next = (calls("POST", "/indexes").at(-1)!.body as { uid: string }).uid;
    expect(calls("PATCH", `/indexes/${next}/settings`)[0]!.body).toMatchObject({ synonyms: expected });
    await build.abort();
  });

  it("rebuilds into a new index and swaps it in with swap-indexes", async () => {
    await index.setup();
    await index.upsert([CORPUS[0]!]);
    const build = await index.startBuild();
    const next = calls("POST", "/indexes").at(-1)!.body as { uid: string };
    expect(next.uid).toMatch(/^threads_rebuild_\d+$/);
    expect(calls("PATCH", `/indexes/${next.uid}/settings`)[0]!.body).toEqual({ ...MEILI_SETTINGS, synonyms: {} });
    await build.add(CORPUS.slice(1));
    expect((await index.search({ q: "roaming" })).total).toBe(0);
    await build.commit();
    expect(calls("POST", "/swap-indexes")[0]!.body).toEqual([{ indexes: ["threads", next.uid], rename: false }]);
    expect(calls("DELETE", `/indexes/${next.uid}`)).toHaveLength(1);
    expect(fake.indexes.has(next.uid)).toBe(false);
    expect((await index.search({ q: "roaming" })).hits.map((hit) => hit.id)).toEqual([5]);
    expect(await index.count()).toBe(CORPUS.length - 1);
  });
});
