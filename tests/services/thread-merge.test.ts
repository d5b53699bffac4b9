import { and, asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { follows, meToo, moderationLog, notifications, posts, threads, votes, type User } from "@db/schema";
import { drainQueue } from "~/jobs/scheduler.server";
import { SEARCH_SYNC_HANDLER } from "~/jobs/search-jobs.server";
import { acceptAnswer } from "~/services/accept.server";
import { Conflict, Forbidden, Invalid, NotFound } from "~/services/errors";
import { createReply } from "~/services/posts.server";
import { closeAsDuplicate, findMergeDestination, mergeThread, reopenDuplicate } from "~/services/thread-merge.server";
import { addMeToo, voteHelpful } from "~/services/votes.server";
import { countIndexTargets } from "@search/sync.server";
import { makeUser } from "../factories";
import { ask, expectedCounters, makeCategory, snapshot, storedCounters } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";

const readThread = (deps: TestDeps, id: number) => deps.db.select().from(threads).where(eq(threads.id, id)).get()!;
const audit = (deps: TestDeps) => deps.db.select().from(moderationLog).all();
const drain = (deps: TestDeps) => drainQueue(deps, [SEARCH_SYNC_HANDLER]);
const searchIds = async (deps: TestDeps, q: string) => (await deps.search.search({ q })).hits.map((hit) => hit.id);

/** Stored counters match the rows; a thread closed by a moderator keeps "closed" as its status. */
function expectCountersConsistent(deps: TestDeps) {
  const expected = expectedCounters(deps.db);
  const closed = new Set(deps.db.select({ id: threads.id }).from(threads).where(eq(threads.status, "closed")).all().map((t) => t.id));
  expected.threads = expected.threads.map((t) => (closed.has(t.id) ? { ...t, status: "closed" } : t));
  expect(storedCounters(deps.db)).toEqual(expected);
}

describe("merging threads", () => {
  let deps: TestDeps;
  let moderator: User;
  beforeEach(async () => {
    deps = createTestDeps();
    moderator = await makeUser(deps, { role: "moderator" });
  });
  afterEach(() => deps.db.$client.close());

  /** Two threads on one subject, each with answers, votes, me-toos and followers. */
  async function twoThreads() {
    const category = makeCategory(deps.db);
    const [targetAsker, sourceAsker, helper, fan, both] = [await makeUser(deps), await makeUser(deps), await makeUser(deps), await makeUser(deps), await makeUser(deps)];
    const target = ask(deps, targetAsker, category, { title: "Voicemail greeting resets", body: "It resets every week." });
    deps.clock.advanceMinutes(5);
    const targetAnswer = createReply(deps, helper, target.id, { body: "Turn off carrier voicemail sync." });
    deps.clock.advanceMinutes(5);
    const source = ask(deps, sourceAsker, category, { title: "Greeting lost after update", body: "Gone after the update." });
    deps.clock.advanceMinutes(5);
    const sourceAnswer = createReply(deps, helper, source.id, { body: "Record it again after updating." });
    const targetAskerReply = createReply(deps, targetAsker, source.id, { body: "Same here, on my phone too." });
    voteHelpful(deps, fan, sourceAnswer.id);
    voteHelpful(deps, both, sourceAnswer.id);
    addMeToo(deps, fan, source.id);
    addMeToo(deps, both, source.id);
    addMeToo(deps, both, target.id);
    addMeToo(deps, targetAsker, source.id);
    return { category, target, source, targetAsker, sourceAsker, helper, fan, both, targetAnswer, sourceAnswer, targetAskerReply };
  }

  it("moves posts, votes, me-toos and followers to the target, recomputes every counter and leaves one audit entry", async () => {
    const t = await twoThreads();
    const sourceQuestion = deps.db.select().from(posts).where(and(eq(posts.threadId, t.source.id), eq(posts.position, 1))).get()!;
    deps.db.update(threads).set({ viewCount: 7 }).where(eq(threads.id, t.source.id)).run();
    deps.db.update(threads).set({ viewCount: 5 }).where(eq(threads.id, t.target.id)).run();
    deps.clock.advanceMinutes(10);
    mergeThread(deps, moderator, t.source.id, `/t/${t.target.id}/voicemail-greeting-resets`);

    const moved = deps.db.select().from(posts).where(eq(posts.threadId, t.target.id)).orderBy(asc(posts.position)).all();
    expect(moved.map((p) => [p.id, p.position])).toEqual([
      [moved[0]!.id, 1],
      [t.targetAnswer.id, 2],
      [sourceQuestion.id, 3],
      [t.sourceAnswer.id, 4],
      [t.targetAskerReply.id, 5],
    ]);
    expect(deps.db.select().from(posts).where(eq(posts.threadId, t.source.id)).all()).toHaveLength(0);
    expect(deps.db.select().from(votes).where(eq(votes.postId, t.sourceAnswer.id)).all()).toHaveLength(2);
    // Me-toos join once per person, never the target's own asker's.
    expect(deps.db.select({ userId: meToo.userId }).from(meToo).where(eq(meToo.threadId, t.target.id)).all().map((r) => r.userId).sort()).toEqual([t.fan.id, t.both.id].sort());
    expect(deps.db.select().from(meToo).where(eq(meToo.threadId, t.source.id)).all()).toHaveLength(0);
    const followerIds = deps.db.select({ userId: follows.userId }).from(follows).where(eq(follows.threadId, t.target.id)).all().map((r) => r.userId);
    expect(followerIds.sort()).toEqual([t.targetAsker.id, t.sourceAsker.id, t.fan.id, t.both.id].sort());
    expect(deps.db.select().from(follows).where(eq(follows.threadId, t.source.id)).all()).toHaveLength(0);
    // The source asker's notifications (of answers to their question) lead to the target now.
    expect(deps.db.select().from(notifications).where(eq(notifications.threadId, t.source.id)).all()).toHaveLength(0);

    expect(readThread(deps, t.target.id)).toMatchObject({ replyCount: 4, voteCount: 2, meTooCount: 2, viewCount: 12, status: "answered" });
    expect(readThread(deps, t.source.id)).toMatchObject({ mergedIntoId: t.target.id, hidden: true, status: "closed", replyCount: 0, meTooCount: 0 });
    expectCountersConsistent(deps);
    expect(audit(deps).map((e) => [e.action, e.threadId, e.actorId, (e.details as { into: number }).into])).toEqual([["thread.merge", t.source.id, moderator.id, t.target.id]]);
  });

  it("the source's old address leads to the target, through later merges too", async () => {
    const t = await twoThreads();
    mergeThread(deps, moderator, t.source.id, String(t.target.id));
    expect(findMergeDestination(deps, t.source.id)).toEqual({ id: t.target.id, slug: readThread(deps, t.target.id).slug });
    expect(findMergeDestination(deps, t.target.id)).toBeNull();
    const third = ask(deps, t.fan, t.category, { title: "Voicemail keeps resetting", body: "Third time." });
    mergeThread(deps, moderator, t.target.id, `#${third.id}`);
    expect(findMergeDestination(deps, t.source.id)?.id).toBe(third.id);
    expect(readThread(deps, t.source.id).mergedIntoId).toBe(third.id);
  });

  it("the target's accepted answer wins: the source's is withdrawn with its credit", async () => {
    const t = await twoThreads();
    acceptAnswer(deps, t.targetAsker, t.targetAnswer.id);
    acceptAnswer(deps, t.sourceAsker, t.sourceAnswer.id);
    mergeThread(deps, moderator, t.source.id, String(t.target.id));
    expect(readThread(deps, t.target.id)).toMatchObject({ acceptedPostId: t.targetAnswer.id, status: "solved" });
    expectCountersConsistent(deps);
  });

  it("a source's accepted answer is kept when the target has none", async () => {
    const t = await twoThreads();
    acceptAnswer(deps, t.sourceAsker, t.sourceAnswer.id);
    mergeThread(deps, moderator, t.source.id, String(t.target.id));
    expect(readThread(deps, t.target.id)).toMatchObject({ acceptedPostId: t.sourceAnswer.id, status: "solved" });
    expect(readThread(deps, t.target.id).solvedAt).not.toBeNull();
    expectCountersConsistent(deps);
  });

  it("search drops the source and finds its words in the target", async () => {
    const t = await twoThreads();
    await drain(deps);
    expect(await searchIds(deps, "greeting update")).toContain(t.source.id);
    mergeThread(deps, moderator, t.source.id, String(t.target.id));
    await drain(deps);
    expect(await searchIds(deps, "record again after updating")).toEqual([t.target.id]);
    expect(await searchIds(deps, "greeting")).toEqual([t.target.id]);
    expect(await deps.search.count()).toBe(countIndexTargets(deps).expected);
  });

  it("a waiting target's escalation clock stops when the merge brings it an answer; the source's open escalation closes", async () => {
    const category = makeCategory(deps.db, { minutes: 60 });
    const [a, b, helper] = [await makeUser(deps), await makeUser(deps), await makeUser(deps)];
    const target = ask(deps, a, category, { title: "Target waiting" });
    const source = ask(deps, b, category, { title: "Source escalated" });
    createReply(deps, helper, source.id, { body: "An answer" });
    deps.db.update(threads).set({ escalatedAt: deps.clock.now() }).where(eq(threads.id, source.id)).run();
    mergeThread(deps, moderator, source.id, String(target.id));
    expect(readThread(deps, target.id).firstResponseAt).not.toBeNull();
    expect(readThread(deps, source.id)).toMatchObject({ escalationResolution: "merged", escalationResolvedBy: moderator.id, escalationDueAt: null });
  });

  it("refuses a member, itself, a merged or missing target and a bad reference, changing nothing", async () => {
    const t = await twoThreads();
    const member = await makeUser(deps);
    const other = ask(deps, member, t.category, { title: "Another one" });
    mergeThread(deps, moderator, other.id, String(t.target.id));
    const before = snapshot(deps.db);
    const auditBefore = audit(deps).length;
    expect(() => mergeThread(deps, member, t.source.id, String(t.target.id))).toThrow(Forbidden);
    expect(() => mergeThread(deps, null, t.source.id, String(t.target.id))).toThrow(Forbidden);
    expect(() => mergeThread(deps, moderator, t.source.id, String(t.source.id))).toThrow(Conflict);
    expect(() => mergeThread(deps, moderator, t.source.id, String(other.id))).toThrow(/was itself merged/);
    expect(() => mergeThread(deps, moderator, other.id, String(t.source.id))).toThrow(NotFound);
    expect(() => mergeThread(deps, moderator, t.source.id, "999999")).toThrow(NotFound);
    expect(() => mergeThread(deps, moderator, t.source.id, "not a thread")).toThrow(Invalid);
    expect(() => mergeThread(deps, moderator, 999_999, String(t.target.id))).toThrow(NotFound);
    expect(snapshot(deps.db)).toEqual(before);
    expect(audit(deps)).toHaveLength(auditBefore);
  });
});

describe("closing a thread as a duplicate", () => {
  let deps: TestDeps;
  let moderator: User;
  beforeEach(async () => {
    deps = createTestDeps();
    moderator = await makeUser(deps, { role: "moderator" });
  });
  afterEach(() => deps.db.$client.close());

  it("links the duplicate to its canonical thread, which search then answers for; reopening undoes it; one audit entry each", async () => {
    const category = makeCategory(deps.db);
    const [a, b] = [await makeUser(deps), await makeUser(deps)];
    const canonical = ask(deps, a, category, { title: "Roaming data stops abroad", body: "No data in Spain." });
    const duplicate = ask(deps, b, category, { title: "Internet dead in Lisbon", body: "Mobile internet stopped in Lisbon." });
    await drain(deps);
    expect(await searchIds(deps, "Lisbon")).toEqual([duplicate.id]);

    closeAsDuplicate(deps, moderator, duplicate.id, String(canonical.id));
    expect(readThread(deps, duplicate.id)).toMatchObject({ duplicateOfId: canonical.id, status: "closed" });
    await drain(deps);
    // The duplicate leaves search (and the similar-question suggestions); its title finds the canonical.
    expect(await searchIds(deps, "Lisbon")).toEqual([canonical.id]);
    expect((await deps.search.similar("Internet dead in Lisbon", 5)).map((hit) => hit.id)).toEqual([canonical.id]);
    expect(await deps.search.count()).toBe(countIndexTargets(deps).expected);
    expect(() => createReply(deps, a, duplicate.id, { body: "Me too" })).toThrow(/duplicate/);
    expect(() => closeAsDuplicate(deps, moderator, duplicate.id, String(canonical.id))).toThrow(Conflict);

    reopenDuplicate(deps, moderator, duplicate.id);
    expect(readThread(deps, duplicate.id)).toMatchObject({ duplicateOfId: null, status: "open" });
    await drain(deps);
    expect(await searchIds(deps, "Lisbon")).toEqual([duplicate.id]);
    expect(() => reopenDuplicate(deps, moderator, duplicate.id)).toThrow(Conflict);
    expect(audit(deps).map((e) => [e.action, e.threadId])).toEqual([
      ["thread.duplicate", duplicate.id],
      ["thread.reopen", duplicate.id],
    ]);
  });

  it("refuses a member, itself, a duplicate or missing target, changing nothing", async () => {
    const category = makeCategory(deps.db);
    const member = await makeUser(deps);
    const [one, two, three] = [ask(deps, member, category, { title: "One" }), ask(deps, member, category, { title: "Two" }), ask(deps, member, category, { title: "Three" })];
    closeAsDuplicate(deps, moderator, two.id, String(one.id));
    const before = snapshot(deps.db);
    expect(() => closeAsDuplicate(deps, member, three.id, String(one.id))).toThrow(Forbidden);
    expect(() => reopenDuplicate(deps, member, two.id)).toThrow(Forbidden);
    expect(() => closeAsDuplicate(deps, moderator, three.id, String(three.id))).toThrow(Conflict);
    expect(() => closeAsDuplicate(deps, moderator, three.id, String(two.id))).toThrow(/closed as a duplicate of/);
    expect(() => closeAsDuplicate(deps, moderator, three.id, "424242")).toThrow(NotFound);
    expect(snapshot(deps.db)).toEqual(before);
  });
});
