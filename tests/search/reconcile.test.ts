// Issue 11: with Meilisearch unreachable at the forum's first start, its threads were never
// indexed (the refill ran only at start, only on an empty index), and an engine that lost its
// data while the forum ran stayed empty. The search lane now reconciles the index with the
// database when the engine answers again, and a periodic check notices an index that lost threads.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { jobs, threads } from "@db/schema";
import { backoffMs } from "@db/job-queue.server";
import { createMeilisearchIndex } from "@search/meilisearch.server";
import { createSqliteFtsIndex } from "@search/sqlite-fts.server";
import { SearchUnavailable } from "@search/types";
import { prepareSearch, reconcileSearchIndex, SEARCH_RECONCILE_JOB } from "@search/sync.server";
import { defaultRegistry, drainQueue, lanesOf } from "~/jobs/scheduler.server";
import { SEARCH_CHECK } from "~/jobs/search-jobs.server";
import { editPost } from "~/services/posts.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { failingIndex } from "./failing-index";
import { startFakeMeilisearch } from "./fake-meilisearch";

type Fake = Awaited<ReturnType<typeof startFakeMeilisearch>>;

/** The search lane exactly as the scheduler runs it. */
const searchLane = () => lanesOf(defaultRegistry().handlers).find((lane) => lane.some((handler) => handler.kind === SEARCH_RECONCILE_JOB))!;
const drainSearch = (deps: TestDeps) => drainQueue(deps, searchLane());

function reconcileJobs(deps: TestDeps) {
  return deps.db.select().from(jobs).where(eq(jobs.kind, SEARCH_RECONCILE_JOB)).all();
}

/** Threads that were in the database before this engine was configured: no index update is queued for them. */
async function existingForum(deps: TestDeps) {
  const asker = await makeUser(deps);
  const category = makeCategory(deps.db);
  const roaming = ask(deps, asker, category, { title: "Roaming does not work in Spain", body: "No data abroad." });
  const esim = ask(deps, asker, category, { title: "eSIM transfer to a new phone", body: "The QR code fails." });
  deps.db.delete(jobs).run();
  return { asker, roaming, esim };
}

const found = async (deps: TestDeps, q: string) => (await deps.search.search({ q })).hits.map((hit) => hit.id);

describe("an index that does not hold the forum's threads", () => {
  let fake: Fake | undefined;
  afterEach(async () => {
    if (fake) expect(fake.violations).toEqual([]);
    await fake?.close();
    fake = undefined;
  });

  function withMeilisearch() {
    return createTestDeps({ search: createMeilisearchIndex({ host: fake!.url, indexUid: "threads", taskIntervalMs: 1, timeoutMs: 2000 }) });
  }

  it("is filled once an engine that was unreachable at first start answers, without a restart or a manual reindex", async () => {
    fake = await startFakeMeilisearch();
    fake.state.down = true;
    const deps = withMeilisearch();
    const { roaming } = await existingForum(deps);
    const log: string[] = [];

    await prepareSearch(deps, (line) => log.push(line));
    expect(log).toEqual([expect.stringMatching(/^Search: meilisearch is not ready .*; its index will be filled once it answers\.$/)]);
    expect(reconcileJobs(deps)).toHaveLength(1);

    // Still down: the check fails and waits out a growing backoff, like any job.
    await drainSearch(deps);
    deps.clock.advance(backoffMs(1));
    await drainSearch(deps);
    expect(reconcileJobs(deps)[0]).toMatchObject({ attempts: 2, doneAt: null });
    expect(reconcileJobs(deps)[0]!.lastError).toMatch(/unavailable/i);

    fake.state.down = false;
    // The periodic check makes the waiting one due now rather than at the end of its backoff.
    SEARCH_CHECK.run(deps);
    expect(reconcileJobs(deps)).toHaveLength(1);
    await drainSearch(deps);
    expect(reconcileJobs(deps)[0]!.doneAt).not.toBeNull();
    expect(await found(deps, "roaming")).toEqual([roaming.id]);
    expect(await deps.search.count()).toBe(2);
    expect(fake.indexes.get("threads")!.settings).toMatchObject({ filterableAttributes: expect.arrayContaining(["category"]) });
  });

  it("is noticed by the periodic check and refilled when the engine lost its data while the forum runs", async () => {
    fake = await startFakeMeilisearch();
    const deps = withMeilisearch();
    const { roaming, esim } = await existingForum(deps);
    const log: string[] = [];
    await prepareSearch(deps, (line) => log.push(line));
    expect(log).toEqual(["Search: indexed 2 threads (meilisearch); the index held 0."]);
    expect(await found(deps, "roaming")).toEqual([roaming.id]);

    fake.indexes.clear(); // the Meilisearch server came back empty
    // Meanwhile search says it is briefly unavailable (a 503 page), not a server error.
    await expect(deps.search.search({ q: "roaming" })).rejects.toBeInstanceOf(SearchUnavailable);
    SEARCH_CHECK.run(deps);
    await drainSearch(deps);
    expect(await found(deps, "roaming")).toEqual([roaming.id]);
    expect(await found(deps, "esim")).toEqual([esim.id]);
    expect(fake.indexes.get("threads")!.settings).toMatchObject({ sortableAttributes: ["created", "votes"] });
  });

  it("is left alone when it holds what it should, updates still queued included, and rebuilt when it lost threads", async () => {
    const deps = createTestDeps();
    const { asker, roaming, esim } = await existingForum(deps);
    expect(await reconcileSearchIndex(deps, { log: () => {} })).toEqual({ indexed: 0, expected: 2, rebuilt: 2 });
    expect(await reconcileSearchIndex(deps)).toEqual({ indexed: 2, expected: 2, rebuilt: null });

    // A new thread whose update is still queued is not missing: no rebuild for it.
    ask(deps, asker, makeCategory(deps.db), { title: "Voicemail PIN reset" });
    expect(await reconcileSearchIndex(deps)).toEqual({ indexed: 2, expected: 3, rebuilt: null });
    await drainSearch(deps);
    expect(await deps.search.count()).toBe(3);

    await deps.search.delete([roaming.id, esim.id]);
    expect(await reconcileSearchIndex(deps, { log: () => {} })).toEqual({ indexed: 1, expected: 3, rebuilt: 3 });
    expect(await found(deps, "roaming")).toEqual([roaming.id]);
  });

  it("queues one check at a time however often the periodic task asks", async () => {
    const deps = createTestDeps();
    SEARCH_CHECK.run(deps);
    SEARCH_CHECK.run(deps);
    expect(reconcileJobs(deps)).toHaveLength(1);
    await drainSearch(deps);
    SEARCH_CHECK.run(deps);
    expect(reconcileJobs(deps).filter((job) => !job.doneAt)).toHaveLength(1);
  });

  it("applies updates that were waiting out a backoff as soon as the engine answers again", async () => {
    const base = createTestDeps();
    const { index, state } = failingIndex(createSqliteFtsIndex(base.db));
    const deps = { ...base, search: index };
    const { asker, roaming } = await existingForum(deps);
    await reconcileSearchIndex(deps, { log: () => {} });

    state.down = true;
    const question = deps.db.query.posts.findFirst({ where: (p, { eq: is }) => is(p.threadId, roaming.id) }).sync()!;
    editPost(deps, asker, question.id, { title: "Roaming fails in Portugal too", body: "No data in Lisbon." });
    for (let attempt = 1; attempt < 6; attempt++) {
      await drainSearch(deps);
      deps.clock.advance(backoffMs(attempt));
    }
    await drainSearch(deps);
    const waiting = deps.db.select().from(jobs).where(eq(jobs.kind, "search.sync")).all().find((job) => !job.doneAt)!;
    expect(waiting.attempts).toBe(6);
    expect(waiting.runAfter.getTime() - deps.clock.now().getTime()).toBe(backoffMs(6)); // over five minutes to go

    state.down = false;
    SEARCH_CHECK.run(deps);
    await drainSearch(deps);
    expect(await found(deps, "portugal")).toEqual([roaming.id]);
    expect(deps.db.select().from(threads).where(eq(threads.id, roaming.id)).get()!.title).toBe("Roaming fails in Portugal too");
  });
});
