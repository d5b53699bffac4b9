import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { categories, jobs, moderationLog, posts, threads, users } from "@db/schema";
import { Conflict, Forbidden, Invalid, NotFound } from "~/services/errors";
import { flagPost } from "~/services/flags.server";
import { moveThread, setPostHidden, setThreadLocked, setThreadPinned } from "~/services/moderation.server";
import { createReply } from "~/services/posts.server";
import { SEARCH_SYNC_JOB } from "~/services/search-outbox.server";
import { suspendUser, unsuspendUser } from "~/services/suspensions.server";
import { createThread } from "~/services/threads.server";
import { addMeToo, voteHelpful } from "~/services/votes.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

const audit = (deps: TestDeps) => deps.db.select().from(moderationLog).all();
const readThread = (deps: TestDeps, id: number) => deps.db.select().from(threads).where(eq(threads.id, id)).get()!;
const syncJobs = (deps: TestDeps) => deps.db.select().from(jobs).where(eq(jobs.kind, SEARCH_SYNC_JOB)).all().length;

describe("moderator actions on threads and posts", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("locking takes a reason, stops members' replies, lets moderators reply, and each act is audited once", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const member = await makeUser(deps);
    const thread = ask(deps, member, makeCategory(deps.db));
    expect(() => setThreadLocked(deps, moderator, thread.id, true, "")).toThrow(Invalid);
    expect(() => setThreadLocked(deps, member, thread.id, true, "Heated")).toThrow(Forbidden);
    expect(readThread(deps, thread.id).locked).toBe(false);

    setThreadLocked(deps, moderator, thread.id, true, "Resolved; see the status page");
    expect(readThread(deps, thread.id)).toMatchObject({ locked: true, lockReason: "Resolved; see the status page" });
    expect(() => createReply(deps, member, thread.id, { body: "One more thing" })).toThrow(/locked/);
    createReply(deps, moderator, thread.id, { body: "Closing note from moderators" });
    expect(() => setThreadLocked(deps, moderator, thread.id, true, "Again")).toThrow(Conflict);

    setThreadLocked(deps, moderator, thread.id, false);
    createReply(deps, member, thread.id, { body: "Thanks" });
    expect(audit(deps).map((e) => [e.action, e.reason, e.threadId, e.actorId])).toEqual([
      ["thread.lock", "Resolved; see the status page", thread.id, moderator.id],
      ["thread.unlock", null, thread.id, moderator.id],
    ]);
    expect(() => setThreadLocked(deps, moderator, 999_999, true, "Gone")).toThrow(NotFound);
  });

  it("hiding and unhiding a post re-sync search and are audited; a moderator cannot hide an admin's post", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const admin = await makeUser(deps, { role: "admin" });
    const member = await makeUser(deps);
    const thread = ask(deps, member, makeCategory(deps.db));
    const reply = createReply(deps, member, thread.id, { body: "Rude words" });
    const adminReply = createReply(deps, admin, thread.id, { body: "Official word" });
    deps.db.delete(jobs).run();

    expect(() => setPostHidden(deps, moderator, adminReply.id, true)).toThrow(Forbidden);
    expect(() => setPostHidden(deps, member, reply.id, true)).toThrow(Forbidden);
    expect(() => setPostHidden(deps, moderator, reply.id, true, { threadId: thread.id + 1 })).toThrow(NotFound);
    expect(syncJobs(deps)).toBe(0);

    setPostHidden(deps, moderator, reply.id, true, { threadId: thread.id });
    expect(deps.db.select().from(posts).where(eq(posts.id, reply.id)).get()).toMatchObject({ hiddenReason: "moderator", hiddenBy: moderator.id });
    expect(() => setPostHidden(deps, moderator, reply.id, true)).toThrow(Conflict);
    setPostHidden(deps, moderator, reply.id, false);
    expect(deps.db.select().from(posts).where(eq(posts.id, reply.id)).get()!.hiddenAt).toBeNull();
    expect(syncJobs(deps)).toBe(2);
    expect(audit(deps).map((e) => [e.action, e.postId, e.targetUserId])).toEqual([
      ["post.hide", reply.id, member.id],
      ["post.unhide", reply.id, member.id],
    ]);
    setPostHidden(deps, admin, reply.id, true);
  });

  it("pinning is for staff and up, once", async () => {
    const staff = await makeUser(deps, { role: "staff" });
    const member = await makeUser(deps);
    const thread = ask(deps, member, makeCategory(deps.db));
    expect(() => setThreadPinned(deps, member, thread.id, true)).toThrow(Forbidden);
    setThreadPinned(deps, staff, thread.id, true);
    expect(readThread(deps, thread.id).pinned).toBe(true);
    expect(() => setThreadPinned(deps, staff, thread.id, true)).toThrow(Conflict);
    setThreadPinned(deps, staff, thread.id, false);
    expect(audit(deps).map((e) => e.action)).toEqual(["thread.pin", "thread.unpin"]);
  });

  it("moving keeps both categories' thread counts right and re-syncs search", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const member = await makeUser(deps);
    const [from, to] = [makeCategory(deps.db), makeCategory(deps.db)];
    const thread = ask(deps, member, from);
    deps.db.delete(jobs).run();
    const countOf = (id: number) => deps.db.select().from(categories).where(eq(categories.id, id)).get()!.threadCount;
    expect([countOf(from.id), countOf(to.id)]).toEqual([1, 0]);
    expect(() => moveThread(deps, moderator, thread.id, 999_999)).toThrow(Invalid);
    expect(() => moveThread(deps, moderator, thread.id, from.id)).toThrow(Conflict);
    expect(() => moveThread(deps, member, thread.id, to.id)).toThrow(Forbidden);

    moveThread(deps, moderator, thread.id, to.id);
    expect(readThread(deps, thread.id).categoryId).toBe(to.id);
    expect([countOf(from.id), countOf(to.id)]).toEqual([0, 1]);
    expect(syncJobs(deps)).toBe(1);
    expect(audit(deps)).toMatchObject([{ action: "thread.move", details: { from: from.slug, to: to.slug } }]);
  });
});

describe("suspensions", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  const asSession = (deps: TestDeps, id: string) => {
    const row = deps.db.select().from(users).where(eq(users.id, id)).get()!;
    return { id: row.id, role: row.role, suspendedUntil: row.suspendedUntil };
  };

  it("a suspended member reads but cannot ask, reply, vote, me-too or flag until the date passes", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const member = await makeUser(deps);
    const other = await makeUser(deps);
    const category = makeCategory(deps.db);
    const thread = ask(deps, other, category);
    const reply = createReply(deps, other, thread.id, { body: "Try a restart" });
    suspendUser(deps, moderator, member.id, { until: new Date(deps.clock.now().getTime() + 2 * 86_400_000), reason: "Spam links" });
    const suspended = asSession(deps, member.id);

    const writes: [string, () => unknown][] = [
      ["ask", () => createThread(deps, suspended, { category: category.slug, kind: "question", title: "Another one", body: "Hello" })],
      ["reply", () => createReply(deps, suspended, thread.id, { body: "Me again" })],
      ["vote", () => voteHelpful(deps, suspended, reply.id)],
      ["me too", () => addMeToo(deps, suspended, thread.id)],
      ["flag", () => flagPost(deps, suspended, reply.id, { reason: "spam" })],
    ];
    for (const [name, write] of writes) expect(write, name).toThrow(Forbidden);

    deps.clock.advance(2 * 86_400_000 + 1000);
    for (const [name, write] of writes) expect(write, name).not.toThrow();
    expect(audit(deps).map((e) => [e.action, e.reason, e.targetUserId])).toEqual([["user.suspend", "Spam links", member.id]]);
  });

  it("nobody suspends an admin, an equal or themselves; the date must be ahead and a reason given", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const otherModerator = await makeUser(deps, { role: "moderator" });
    const admin = await makeUser(deps, { role: "admin" });
    const member = await makeUser(deps);
    const until = new Date(deps.clock.now().getTime() + 86_400_000);
    expect(() => suspendUser(deps, moderator, admin.id, { until, reason: "Nope" })).toThrow(Forbidden);
    expect(() => suspendUser(deps, moderator, otherModerator.id, { until, reason: "Nope" })).toThrow(Forbidden);
    expect(() => suspendUser(deps, moderator, moderator.id, { until, reason: "Nope" })).toThrow(Forbidden);
    expect(() => suspendUser(deps, member, moderator.id, { until, reason: "Nope" })).toThrow(Forbidden);
    expect(() => suspendUser(deps, moderator, member.id, { until: deps.clock.now(), reason: "Spam" })).toThrow(Invalid);
    expect(() => suspendUser(deps, moderator, member.id, { until, reason: "" })).toThrow(Invalid);
    expect(() => suspendUser(deps, moderator, "no-such-user", { until, reason: "Spam" })).toThrow(NotFound);
    expect(deps.db.select().from(users).all().every((u) => u.suspendedUntil === null)).toBe(true);
    expect(audit(deps)).toEqual([]);

    suspendUser(deps, admin, otherModerator.id, { until, reason: "Abused tools" });
    expect(() => unsuspendUser(deps, moderator, otherModerator.id)).toThrow(Forbidden);
    unsuspendUser(deps, admin, otherModerator.id);
    expect(() => unsuspendUser(deps, admin, otherModerator.id)).toThrow(Conflict);
    expect(audit(deps).map((e) => e.action)).toEqual(["user.suspend", "user.unsuspend"]);
  });
});

describe("pinned threads", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("lead page 1 of their category and of the home list, and are not repeated below", async () => {
    const { listThreads } = await import("~/services/thread-lists.server");
    const staff = await makeUser(deps, { role: "staff" });
    const member = await makeUser(deps, { role: "staff" });
    const [category, elsewhere] = [makeCategory(deps.db), makeCategory(deps.db)];
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      deps.clock.advanceMinutes(1);
      ids.push(ask(deps, member, i === 4 ? elsewhere : category, { title: `Thread ${i}` }).id);
    }
    setThreadPinned(deps, staff, ids[0]!, true);
    const titles = (rows: { id: number }[]) => rows.map((row) => ids.indexOf(row.id));

    expect(titles(listThreads(deps, { categoryId: category.id }).rows)).toEqual([0, 3, 2, 1]);
    expect(titles(listThreads(deps).rows)).toEqual([0, 4, 3, 2, 1]);
    const first = listThreads(deps, { limit: 2 });
    expect(titles(first.rows)).toEqual([0, 4, 3]);
    expect(titles(listThreads(deps, { limit: 2, after: first.nextCursor! }).rows)).toEqual([2, 1]);
    // Other lists keep their plain order.
    expect(titles(listThreads(deps, { filter: "unanswered", categoryId: category.id }).rows)).toEqual([3, 2, 1, 0]);
  });
});
