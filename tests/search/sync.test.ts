import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, threads } from "@db/schema";
import { createSqliteFtsIndex } from "@search/sqlite-fts.server";
import { prepareSearch, rebuildIndex } from "@search/sync.server";
import { backoffMs } from "@db/job-queue.server";
import { drainQueue } from "~/jobs/scheduler.server";
import { SEARCH_SYNC_HANDLER } from "~/jobs/search-jobs.server";
import { editPost } from "~/services/posts.server";
import { enqueueSearchSync } from "~/services/search-outbox.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps } from "../setup/deps";
import { failingIndex } from "./failing-index";

const drain = (deps: Parameters<typeof drainQueue>[0]) => drainQueue(deps, [SEARCH_SYNC_HANDLER]);

function pendingSyncJobs(deps: ReturnType<typeof createTestDeps>) {
  return deps.db.select().from(jobs).where(eq(jobs.kind, "search.sync")).all().filter((job) => job.doneAt === null);
}

describe("search sync", () => {
  it("applies an update made while the engine was down once it recovers, and never twice", async () => {
    const base = createTestDeps();
    const { index, state } = failingIndex(createSqliteFtsIndex(base.db));
    const deps = { ...base, search: index };
    const asker = await makeUser(deps);
    const category = makeCategory(deps.db);
    const thread = ask(deps, asker, category, { title: "Voicemail greeting resets", body: "Every week it resets." });
    await drain(deps);
    expect(state.applied.map((doc) => doc.id)).toEqual([thread.id]);

    state.down = true;
    const question = deps.db.query.posts.findFirst({ where: (p, { eq: is }) => is(p.threadId, thread.id) }).sync()!;
    editPost(deps, asker, question.id, { body: "It resets after every software update.", title: "Voicemail greeting lost after update" });
    editPost(deps, asker, question.id, { body: "It resets after every software update, even on wifi.", title: "Voicemail greeting lost after update" });
    await drain(deps);
    expect(pendingSyncJobs(deps)).toHaveLength(2);
    expect(pendingSyncJobs(deps).every((job) => job.attempts === 1 && job.lastError?.includes("ECONNREFUSED"))).toBe(true);

    // Still down at the first retry: the jobs stay, with a longer wait.
    deps.clock.advance(backoffMs(1));
    await drain(deps);
    expect(pendingSyncJobs(deps).every((job) => job.attempts === 2)).toBe(true);

    state.down = false;
    await drain(deps);
    expect(pendingSyncJobs(deps)).toHaveLength(2); // not due yet: backoff is respected
    deps.clock.advance(backoffMs(2));
    await drain(deps);
    expect(pendingSyncJobs(deps)).toHaveLength(0);
    // Both queued edits collapse into one write of the thread's current state.
    expect(state.applied.map((doc) => doc.id)).toEqual([thread.id, thread.id]);
    expect(state.applied[1]!.title).toBe("Voicemail greeting lost after update");
    expect(state.applied[1]!.question).toContain("even on wifi");
    expect((await index.search({ q: "voicemail update" })).hits.map((hit) => hit.id)).toEqual([thread.id]);

    deps.clock.advance(backoffMs(10));
    expect(await drain(deps)).toBe(0);
    expect(state.applied).toHaveLength(2);
  });

  it("deduplicates thread ids within a batch", async () => {
    const base = createTestDeps();
    const { index, state } = failingIndex(createSqliteFtsIndex(base.db));
    const deps = { ...base, search: index };
    const asker = await makeUser(deps);
    const thread = ask(deps, asker, makeCategory(deps.db));
    deps.db.transaction((tx) => {
      for (let i = 0; i < 5; i++) enqueueSearchSync(tx as never, deps.clock, thread.id);
    });
    expect(await drain(deps)).toBe(6);
    expect(state.applied.map((doc) => doc.id)).toEqual([thread.id]);
  });

  it("removes a thread that became hidden", async () => {
    const deps = createTestDeps();
    const asker = await makeUser(deps);
    const thread = ask(deps, asker, makeCategory(deps.db), { title: "Hotspot password unknown" });
    await drain(deps);
    expect((await deps.search.search({ q: "hotspot" })).total).toBe(1);
    deps.db.transaction((tx) => {
      tx.update(threads).set({ hidden: true }).where(eq(threads.id, thread.id)).run();
      enqueueSearchSync(tx as never, deps.clock, thread.id);
    });
    await drain(deps);
    expect((await deps.search.search({ q: "hotspot" })).total).toBe(0);
  });

  it("rebuilds the whole index into fresh tables and swaps them in", async () => {
    const deps = createTestDeps();
    const asker = await makeUser(deps);
    const category = makeCategory(deps.db);
    const first = ask(deps, asker, category, { title: "Porting my number" });
    const second = ask(deps, asker, category, { title: "Porting takes too long" });
    deps.db.update(threads).set({ hidden: true }).where(eq(threads.id, second.id)).run();
    await deps.search.upsert([
      { id: 999_999, slug: "stale", title: "Porting stale entry", question: "", accepted: "", answers: "", category: "x", categoryName: "X", kind: "question", status: "open", solved: false, hasStaffAnswer: false, votes: 0, meToo: 0, created: 0, lastActivity: 0 },
    ]);
    const progress: number[] = [];
    const result = await rebuildIndex(deps, { batchSize: 1, onProgress: ({ done }) => progress.push(done) });
    expect(result.threads).toBe(1);
    expect(progress.at(-1)).toBe(1);
    expect((await deps.search.search({ q: "porting" })).hits.map((hit) => hit.id)).toEqual([first.id]);
  });

  it("fills an empty index at start and leaves a filled one alone", async () => {
    const deps = createTestDeps();
    const asker = await makeUser(deps);
    ask(deps, asker, makeCategory(deps.db), { title: "Signal lost downtown" });
    const log: string[] = [];
    await prepareSearch(deps, (line) => log.push(line));
    expect(await deps.search.count()).toBe(1);
    expect(log).toEqual(["Search: indexed 1 threads (fts5); the index held 0."]);
    await prepareSearch(deps, (line) => log.push(line));
    expect(log).toHaveLength(1);
  });

  it("starts the forum even when the engine is unreachable", async () => {
    const base = createTestDeps();
    const { index, state } = failingIndex(createSqliteFtsIndex(base.db));
    state.down = true;
    const log: string[] = [];
    await prepareSearch({ ...base, search: { ...index, setup: async () => { throw new Error("connect ECONNREFUSED"); } } }, (line) => log.push(line));
    expect(log[0]).toMatch(/not ready.*ECONNREFUSED/);
  });
});
