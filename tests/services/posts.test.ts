import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs, notifications, postRevisions, posts, threads } from "@db/schema";
import { Conflict, Forbidden, Invalid, NotFound, RateLimited } from "~/services/errors";
import { followThread, unfollowThread } from "~/services/follows.server";
import { createReply, deletePost, editPost, getPostForEdit, quoteFor } from "~/services/posts.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { POSTING_LIMITS } from "~/services/anti-spam.server";
import { getThreadPage } from "~/services/thread-page.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, expectedCounters, makeCategory, snapshot, storedCounters } from "../qa-helpers";

describe("answers and replies", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  const thread = (id: number) => deps.db.select().from(threads).where(eq(threads.id, id)).get()!;

  it("an answer by someone else moves the thread from unanswered to answered and records the first response", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db));
    createReply(deps, asker, id, { body: "Some more detail from me." });
    expect(thread(id).status).toBe("open");
    expect(thread(id).firstResponseAt).toBeNull();
    deps.clock.advanceMinutes(5);
    const answer = createReply(deps, helper, id, { body: "Hold the reset button for 10 s." });
    expect(answer.position).toBe(3);
    expect(thread(id)).toMatchObject({ status: "answered", replyCount: 2, firstResponseByStaff: false });
    expect(thread(id).firstResponseAt).toEqual(deps.clock.now());
    expect(thread(id).lastActivityAt).toEqual(deps.clock.now());
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("a staff answer is official, carries the staff role and marks that staff took part", async () => {
    const asker = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const { id } = ask(deps, asker, makeCategory(deps.db));
    const answer = createReply(deps, staff, id, { body: "Official fix." });
    expect(answer).toMatchObject({ official: true, authorRole: "staff" });
    expect(thread(id)).toMatchObject({ hasStaffReply: true, firstResponseByStaff: true });
  });

  it("keeps the badge of the role the author had when posting, even after the role changes", async () => {
    const asker = await makeUser(deps);
    const former = await makeUser(deps, { role: "staff" });
    const { id } = ask(deps, asker, makeCategory(deps.db));
    const answer = createReply(deps, former, id, { body: "As staff." });
    former.role = "member";
    const later = createReply(deps, former, id, { body: "As a member now." });
    const page = getThreadPage(deps, id, null);
    expect(page.replies.find((p) => p.id === answer.id)!.authorRole).toBe("staff");
    expect(page.replies.find((p) => p.id === later.id)!).toMatchObject({ authorRole: "member", official: false });
  });

  it("notifies the asker and followers of a new answer, never the one who wrote it", async () => {
    const asker = await makeUser(deps);
    const follower = await makeUser(deps);
    const helper = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db));
    followThread(deps, follower, id);
    followThread(deps, helper, id);
    const answer = createReply(deps, helper, id, { body: "Try this." });
    const sent = deps.db.select().from(notifications).all();
    expect(sent.map((n) => n.userId).sort()).toEqual([asker.id, follower.id].sort());
    expect(sent.every((n) => n.kind === "answer" && n.postId === answer.id && n.actorId === helper.id)).toBe(true);
  });

  it("an unfollowed thread sends no more answer notifications", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db));
    unfollowThread(deps, asker, id);
    createReply(deps, helper, id, { body: "Try this." });
    expect(deps.db.select().from(notifications).all()).toHaveLength(0);
  });

  it("queues search sync, a post.created webhook and the asker's mail (composed by a job) for every reply", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db));
    deps.db.delete(jobs).run();
    const answer = createReply(deps, helper, id, { body: "Try this." });
    const queued = deps.db.select().from(jobs).all();
    expect(queued.map((job) => job.kind).sort()).toEqual(["member-mail.compose", "search.sync", "webhook.event"]);
    expect(queued.find((job) => job.kind === "member-mail.compose")!.payload).toMatchObject({ postId: answer.id, recipientIds: [asker.id] });
    expect((queued.find((job) => job.kind === "webhook.event")!.payload as { data: unknown }).data).toMatchObject({ postId: answer.id, threadId: id });
  });

  it("refuses replies to a locked, deleted, hidden or unknown thread, and from suspended members, changing nothing", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const category = makeCategory(deps.db);
    const locked = ask(deps, asker, category);
    deps.db.update(threads).set({ locked: true }).where(eq(threads.id, locked.id)).run();
    const deleted = ask(deps, asker, category);
    deletePost(deps, asker, deps.db.select().from(posts).where(eq(posts.threadId, deleted.id)).get()!.id);
    const open = ask(deps, asker, category);
    const before = snapshot(deps.db);
    expect(() => createReply(deps, helper, locked.id, { body: "hi" })).toThrow(Forbidden);
    expect(() => createReply(deps, helper, deleted.id, { body: "hi" })).toThrow(NotFound);
    expect(() => createReply(deps, helper, 999_999, { body: "hi" })).toThrow(NotFound);
    expect(() => createReply(deps, null, open.id, { body: "hi" })).toThrow(Forbidden);
    const suspended = { ...helper, suspendedUntil: new Date(deps.clock.now().getTime() + 3_600_000) };
    expect(() => createReply(deps, suspended, open.id, { body: "hi" })).toThrow(Forbidden);
    expect(() => createReply(deps, helper, open.id, { body: " " })).toThrow(Invalid);
    expect(() => createReply(deps, helper, open.id, { body: "x".repeat(20_001) })).toThrow(Invalid);
    expect(snapshot(deps.db)).toEqual(before);
  });

  it("lets a moderator reply to a locked thread", async () => {
    const asker = await makeUser(deps);
    const moderator = await makeUser(deps, { role: "moderator" });
    const { id } = ask(deps, asker, makeCategory(deps.db));
    deps.db.update(threads).set({ locked: true }).where(eq(threads.id, id)).run();
    expect(createReply(deps, moderator, id, { body: "Locked for now." }).authorRole).toBe("moderator");
  });

  it("limits a member to 20 replies in 10 minutes; staff are exempt", async () => {
    const asker = await makeUser(deps);
    const member = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const { id } = ask(deps, asker, makeCategory(deps.db));
    for (let i = 0; i < POSTING_LIMITS.reply.max; i++) createReply(deps, member, id, { body: `reply ${i}` });
    expect(() => createReply(deps, member, id, { body: "one more" })).toThrow(RateLimited);
    for (let i = 0; i < POSTING_LIMITS.reply.max + 1; i++) createReply(deps, staff, id, { body: `staff ${i}` });
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("quotes a post as a Markdown blockquote naming its author", async () => {
    const asker = await makeUser(deps, { handle: "quoted_person" });
    const { id } = ask(deps, asker, makeCategory(deps.db), { body: "Line one\nLine two" });
    const first = deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    expect(quoteFor(deps, first.id, { threadId: id })).toBe(`**@quoted_person** wrote ([#${first.id}](/p/${first.id})):\n\n> Line one\n> Line two\n\n`);
    expect(quoteFor(deps, 424242, { threadId: id })).toBe("");
  });

  it("quotes only live posts of the thread being answered, so ?quote= cannot read other threads", async () => {
    const asker = await makeUser(deps);
    const category = makeCategory(deps.db);
    const secret = ask(deps, asker, category, { body: "Private detail in a deleted thread" });
    const secretPost = deps.db.select().from(posts).where(eq(posts.threadId, secret.id)).get()!;
    const other = ask(deps, asker, category);
    expect(quoteFor(deps, secretPost.id, { threadId: other.id })).toBe("");
    deletePost(deps, asker, secretPost.id);
    expect(quoteFor(deps, secretPost.id, { threadId: secret.id })).toBe("");
  });
});

describe("editing and deleting posts", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("keeps every revision with who edited and when, and re-renders the HTML", async () => {
    const asker = await makeUser(deps);
    const moderator = await makeUser(deps, { role: "moderator" });
    const { id } = ask(deps, asker, makeCategory(deps.db), { body: "first *draft*" });
    const post = deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    deps.clock.advanceMinutes(3);
    const edited = editPost(deps, asker, post.id, { body: "second **draft**", title: "A clearer title" });
    expect(edited.bodyHtml).toContain("<strong>draft</strong>");
    expect(edited).toMatchObject({ editedBy: asker.id, editedAt: deps.clock.now() });
    expect(deps.db.select().from(threads).where(eq(threads.id, id)).get()).toMatchObject({ title: "A clearer title", slug: "a-clearer-title" });
    deps.clock.advanceMinutes(3);
    editPost(deps, moderator, post.id, { body: "third", title: "A clearer title", reason: "Removed a phone number" });
    const { revisions } = getPostForEdit(deps, post.id);
    expect(revisions.map((r) => [r.bodyMd, r.editorHandle, r.reason])).toEqual([
      ["first *draft*", asker.handle, null],
      ["second **draft**", asker.handle, null],
      ["third", moderator.handle, "Removed a phone number"],
    ]);
    expect(revisions[0]!.title).toBe("How do I reset my router?");
  });

  it("an edit that changes nothing writes no revision", async () => {
    const asker = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db), { body: "same" });
    const post = deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    editPost(deps, asker, post.id, { body: "same", title: "How do I reset my router?" });
    expect(deps.db.select().from(postRevisions).all()).toHaveLength(0);
  });

  it("only the author or a moderator may edit or delete a post", async () => {
    const asker = await makeUser(deps);
    const other = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const { id } = ask(deps, asker, makeCategory(deps.db));
    const answer = createReply(deps, other, id, { body: "mine" });
    const before = snapshot(deps.db);
    expect(() => editPost(deps, asker, answer.id, { body: "hijacked" })).toThrow(Forbidden);
    expect(() => editPost(deps, staff, answer.id, { body: "hijacked" })).toThrow(Forbidden);
    expect(() => deletePost(deps, asker, answer.id)).toThrow(Forbidden);
    expect(() => editPost(deps, other, answer.id, { body: "" })).toThrow(Invalid);
    expect(() => editPost(deps, other, 987_654, { body: "x" })).toThrow(NotFound);
    expect(snapshot(deps.db)).toEqual(before);
  });

  it("a deleted answer stays as a placeholder without its words, and the counters drop", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db));
    const answer = createReply(deps, helper, id, { body: "secret words" });
    deletePost(deps, helper, answer.id);
    const page = getThreadPage(deps, id, null);
    const placeholder = page.replies.find((p) => p.id === answer.id)!;
    expect(placeholder).toMatchObject({ deleted: true, bodyHtml: "" });
    expect(page.thread).toMatchObject({ status: "open", replyCount: 0 });
    expect(() => deletePost(deps, helper, answer.id)).toThrow(NotFound);
    expect(() => editPost(deps, helper, answer.id, { body: "back" })).toThrow(NotFound);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("a member cannot delete a question others answered; a moderator can, and the thread disappears", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const moderator = await makeUser(deps, { role: "moderator" });
    const { id } = ask(deps, asker, makeCategory(deps.db));
    const question = deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    createReply(deps, helper, id, { body: "an answer" });
    expect(() => deletePost(deps, asker, question.id)).toThrow(Conflict);
    deletePost(deps, moderator, question.id);
    expect(() => getThreadPage(deps, id, asker)).toThrow(NotFound);
    expect(getThreadPage(deps, id, moderator).thread.id).toBe(id);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("a thread whose only answer is deleted waits again, and escalates once its deadline passes", async () => {
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const { id } = ask(deps, asker, makeCategory(deps.db, { minutes: 60 }));
    deps.clock.advanceMinutes(10);
    const peerAnswer = createReply(deps, peer, id, { body: "Restart it." });
    deps.clock.advanceMinutes(5);
    const staffAnswer = createReply(deps, staff, id, { body: "We are looking into it." });
    const read = () => deps.db.select().from(threads).where(eq(threads.id, id)).get()!;
    expect(read().firstResponseAt).toEqual(peerAnswer.createdAt);

    deletePost(deps, peer, peerAnswer.id);
    expect(read()).toMatchObject({ firstResponseAt: staffAnswer.createdAt, firstResponseByStaff: true, status: "answered" });
    deletePost(deps, staff, staffAnswer.id);
    expect(read()).toMatchObject({ firstResponseAt: null, status: "open" });

    expect(sweepEscalations(deps)).toEqual([]);
    deps.clock.advanceMinutes(45);
    expect(sweepEscalations(deps)).toEqual([id]);
  });

  it("deleting the question says the thread is gone and where it was listed", async () => {
    const asker = await makeUser(deps);
    const category = makeCategory(deps.db);
    const { id } = ask(deps, asker, category);
    const question = deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    expect(deletePost(deps, asker, question.id)).toEqual({ threadDeleted: true, categorySlug: category.slug });
  });
});
