import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { categories, moderationLog, posts, threads, type User } from "@db/schema";
import { drainQueue } from "~/jobs/scheduler.server";
import { SEARCH_SYNC_HANDLER } from "~/jobs/search-jobs.server";
import { Conflict, Forbidden, Invalid } from "~/services/errors";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { moveThread, restorePost } from "~/services/moderation.server";
import { createReply, deletePost, editPost, getPostForEdit } from "~/services/posts.server";
import { getThreadPage } from "~/services/thread-page.server";
import { voteHelpful } from "~/services/votes.server";
import { makeUser } from "../factories";
import { ask, expectedCounters, makeCategory, snapshot, storedCounters } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";

const readThread = (deps: TestDeps, id: number) => deps.db.select().from(threads).where(eq(threads.id, id)).get()!;
const audit = (deps: TestDeps) => deps.db.select().from(moderationLog).all();
const drain = (deps: TestDeps) => drainQueue(deps, [SEARCH_SYNC_HANDLER]);
const searchIds = async (deps: TestDeps, q: string) => (await deps.search.search({ q })).hits.map((hit) => hit.id);
const questionOf = (deps: TestDeps, threadId: number) => deps.db.select().from(posts).where(eq(posts.threadId, threadId)).get()!;

describe("moderators delete and restore posts", () => {
  let deps: TestDeps;
  let moderator: User;
  let member: User;
  beforeEach(async () => {
    deps = createTestDeps();
    moderator = await makeUser(deps, { role: "moderator" });
    member = await makeUser(deps);
  });
  afterEach(() => deps.db.$client.close());

  it("restoring an answer brings back its counters, reputation, search words and the first response; one audit entry each way", async () => {
    const asker = await makeUser(deps);
    const voter = await makeUser(deps);
    const thread = ask(deps, asker, makeCategory(deps.db, { minutes: 60 }));
    deps.clock.advanceMinutes(5);
    const answer = createReply(deps, member, thread.id, { body: "Toggle airplane mode twice" });
    voteHelpful(deps, voter, answer.id);
    await drain(deps);
    const counted = storedCounters(deps.db);

    deletePost(deps, moderator, answer.id, { threadId: thread.id });
    expect(readThread(deps, thread.id)).toMatchObject({ replyCount: 0, voteCount: 0, firstResponseAt: null, status: "open" });
    expect(deps.db.select().from(posts).where(eq(posts.id, answer.id)).get()!.deletedBy).toBe(moderator.id);
    await drain(deps);
    expect(await searchIds(deps, "airplane")).toEqual([]);

    restorePost(deps, moderator, answer.id, { threadId: thread.id });
    expect(storedCounters(deps.db)).toEqual(counted);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
    expect(readThread(deps, thread.id)).toMatchObject({ replyCount: 1, voteCount: 1, status: "answered", firstResponseAt: answer.createdAt });
    await drain(deps);
    expect(await searchIds(deps, "airplane")).toEqual([thread.id]);
    // Answered again, so its deadline passing escalates nothing.
    deps.clock.advanceMinutes(120);
    expect(sweepEscalations(deps)).toEqual([]);
    expect(audit(deps).map((e) => [e.action, e.postId, e.actorId, e.targetUserId])).toEqual([
      ["post.delete", answer.id, moderator.id, member.id],
      ["post.restore", answer.id, moderator.id, member.id],
    ]);
  });

  it("staff read a deleted post, marked; everyone else sees only that it was deleted", async () => {
    const thread = ask(deps, member, makeCategory(deps.db));
    const answer = createReply(deps, moderator, thread.id, { body: "Words to remove" });
    const staff = await makeUser(deps, { role: "staff" });
    deletePost(deps, moderator, answer.id);
    const shown = (viewer: User | null) => getThreadPage(deps, thread.id, viewer).replies.find((post) => post.id === answer.id)!;
    expect(shown(staff)).toMatchObject({ deleted: true, withheld: false, bodyHtml: expect.stringContaining("Words to remove") });
    expect(shown(member)).toMatchObject({ deleted: true, withheld: true, bodyHtml: "" });
    expect(shown(member)).not.toHaveProperty("bodyMd");
    expect(shown(null)).toMatchObject({ deleted: true, withheld: true, bodyHtml: "" });
  });

  it("restoring a deleted question restores the thread: listed, counted and searchable again", async () => {
    const category = makeCategory(deps.db);
    const thread = ask(deps, member, category, { title: "Voicemail PIN forgotten" });
    const question = questionOf(deps, thread.id);
    deletePost(deps, moderator, question.id);
    expect(readThread(deps, thread.id).hidden).toBe(true);
    await drain(deps);
    expect(await searchIds(deps, "voicemail")).toEqual([]);
    restorePost(deps, moderator, question.id);
    expect(readThread(deps, thread.id).hidden).toBe(false);
    expect(deps.db.select().from(categories).where(eq(categories.id, category.id)).get()!.threadCount).toBe(1);
    await drain(deps);
    expect(await searchIds(deps, "voicemail")).toEqual([thread.id]);
    expect(audit(deps).map((e) => e.action)).toEqual(["thread.delete", "thread.restore"]);
  });

  it("refuses members, live posts, replies of a deleted thread and an admin's post, changing nothing", async () => {
    const admin = await makeUser(deps, { role: "admin" });
    const thread = ask(deps, member, makeCategory(deps.db));
    const reply = createReply(deps, admin, thread.id, { body: "Admin word" });
    const mine = createReply(deps, member, thread.id, { body: "My own" });
    expect(() => deletePost(deps, moderator, reply.id)).toThrow(Forbidden);
    deletePost(deps, admin, reply.id);
    deletePost(deps, member, mine.id);
    deletePost(deps, moderator, questionOf(deps, thread.id).id);
    const before = snapshot(deps.db);
    const entries = audit(deps).length;
    expect(() => restorePost(deps, member, mine.id)).toThrow(Forbidden);
    expect(() => restorePost(deps, moderator, reply.id)).toThrow(Forbidden);
    expect(() => restorePost(deps, moderator, mine.id)).toThrow(/question first/);
    expect(() => restorePost(deps, moderator, mine.id, { threadId: thread.id + 1 })).toThrow(/No such post/);
    expect(snapshot(deps.db)).toEqual(before);
    restorePost(deps, moderator, questionOf(deps, thread.id).id);
    expect(() => restorePost(deps, moderator, questionOf(deps, thread.id).id)).toThrow(Conflict);
    // Only the restore that was allowed is audited; a member deleting their own post is not.
    expect(audit(deps).length).toBe(entries + 1);
  });
});

describe("edits by others", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("a moderator's edit of someone's post needs a reason, which the revision history keeps, and is audited once", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const member = await makeUser(deps);
    const thread = ask(deps, member, makeCategory(deps.db));
    const reply = createReply(deps, member, thread.id, { body: "Call me on 555-0100" });
    const before = snapshot(deps.db);
    expect(() => editPost(deps, moderator, reply.id, { body: "Call me" })).toThrow(Invalid);
    let refusal: unknown = null;
    try {
      editPost(deps, moderator, reply.id, { body: "Call me", reason: "x" });
    } catch (error) {
      refusal = error;
    }
    expect((refusal as Invalid).fields).toEqual({ reason: "Give a reason" });
    expect(snapshot(deps.db)).toEqual(before);

    deps.clock.advanceMinutes(2);
    editPost(deps, moderator, reply.id, { body: "Call me", reason: "Removed a phone number" });
    expect(getPostForEdit(deps, reply.id).revisions.map((r) => [r.bodyMd, r.reason])).toEqual([
      ["Call me on 555-0100", null],
      ["Call me", "Removed a phone number"],
    ]);
    // The author's own edits need no reason and are not audited.
    editPost(deps, member, reply.id, { body: "Call me, please" });
    expect(audit(deps).map((e) => [e.action, e.postId, e.reason, e.targetUserId])).toEqual([["post.edit", reply.id, "Removed a phone number", member.id]]);
  });

  it("a moderator cannot edit an admin's post", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const admin = await makeUser(deps, { role: "admin" });
    const thread = ask(deps, admin, makeCategory(deps.db));
    expect(() => editPost(deps, moderator, questionOf(deps, thread.id).id, { body: "Changed", reason: "Because" })).toThrow(Forbidden);
  });
});

describe("moving a thread", () => {
  it("gives a thread still waiting for an answer the new category's escalation deadline; an answered one keeps its own", async () => {
    const deps = createTestDeps();
    const moderator = await makeUser(deps, { role: "moderator" });
    const member = await makeUser(deps);
    const slow = makeCategory(deps.db, { minutes: 240 });
    const fast = makeCategory(deps.db, { minutes: 30 });
    const waiting = ask(deps, member, slow);
    const answered = ask(deps, member, slow);
    createReply(deps, moderator, answered.id, { body: "Answered" });
    const asked = readThread(deps, waiting.id).createdAt.getTime();
    expect(readThread(deps, waiting.id).escalationDueAt!.getTime()).toBe(asked + 240 * 60_000);
    deps.clock.advanceMinutes(10);
    moveThread(deps, moderator, waiting.id, fast.id);
    moveThread(deps, moderator, answered.id, fast.id);
    expect(readThread(deps, waiting.id).escalationDueAt!.getTime()).toBe(asked + 30 * 60_000);
    expect(readThread(deps, answered.id).escalationDueAt!.getTime()).toBe(readThread(deps, answered.id).createdAt.getTime() + 240 * 60_000);
    deps.clock.advanceMinutes(25);
    expect(sweepEscalations(deps)).toEqual([waiting.id]);
    deps.db.$client.close();
  });
});
