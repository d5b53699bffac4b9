import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { badges, jobs, notifications, posts, threads, users, type User } from "@db/schema";
import { acceptAnswer, withdrawAcceptance } from "~/services/accept.server";
import { Conflict, Forbidden, NotFound } from "~/services/errors";
import { createReply, deletePost } from "~/services/posts.server";
import { changeAcceptedCount } from "~/services/reputation.server";
import { addMeToo, removeMeToo, voteHelpful, withdrawHelpful } from "~/services/votes.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, expectedCounters, makeCategory, snapshot, storedCounters } from "../qa-helpers";

describe("accepted answers", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  const thread = (id: number) => deps.db.select().from(threads).where(eq(threads.id, id)).get()!;
  const user = (u: User) => deps.db.select().from(users).where(eq(users.id, u.id)).get()!;

  async function answered(kind = "question") {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const second = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db), { kind });
    const answer = createReply(deps, helper, id, { body: "Hold reset." });
    const other = createReply(deps, second, id, { body: "Call support." });
    const question = deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    return { asker, helper, second, id, answer, other, question };
  }

  it("the asker accepts an answer: the thread is solved and the author gains 15 reputation", async () => {
    const { asker, helper, id, answer } = await answered();
    acceptAnswer(deps, asker, answer.id);
    expect(thread(id)).toMatchObject({ status: "solved", acceptedPostId: answer.id, solvedAt: deps.clock.now() });
    expect(user(helper)).toMatchObject({ reputation: 15, acceptedCount: 1 });
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("accepting another answer moves the mark and the reputation", async () => {
    const { asker, helper, second, id, answer, other } = await answered();
    acceptAnswer(deps, asker, answer.id);
    acceptAnswer(deps, asker, other.id);
    expect(thread(id).acceptedPostId).toBe(other.id);
    expect(user(helper)).toMatchObject({ reputation: 0, acceptedCount: 0 });
    expect(user(second)).toMatchObject({ reputation: 15, acceptedCount: 1 });
    acceptAnswer(deps, asker, other.id);
    expect(user(second).reputation).toBe(15);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("withdrawing the mark reverses the reputation and the thread goes back to answered", async () => {
    const { asker, helper, id, answer } = await answered();
    acceptAnswer(deps, asker, answer.id);
    withdrawAcceptance(deps, asker, id);
    expect(thread(id)).toMatchObject({ status: "answered", acceptedPostId: null, solvedAt: null });
    expect(user(helper)).toMatchObject({ reputation: 0, acceptedCount: 0 });
    withdrawAcceptance(deps, asker, id);
    expect(user(helper).reputation).toBe(0);
  });

  it("staff may accept on anyone's thread", async () => {
    const { helper, id, answer } = await answered();
    const staff = await makeUser(deps, { role: "staff" });
    acceptAnswer(deps, staff, answer.id);
    expect(thread(id).status).toBe("solved");
    expect(user(helper).reputation).toBe(15);
  });

  it("a member cannot accept an answer on someone else's thread", async () => {
    const { second, answer } = await answered();
    const before = snapshot(deps.db);
    expect(() => acceptAnswer(deps, second, answer.id)).toThrow(Forbidden);
    expect(() => acceptAnswer(deps, null, answer.id)).toThrow(Forbidden);
    expect(snapshot(deps.db)).toEqual(before);
  });

  it("the question itself, an unknown post and a deleted answer cannot be accepted", async () => {
    const { asker, helper, answer, question } = await answered();
    deletePost(deps, helper, answer.id);
    const before = snapshot(deps.db);
    expect(() => acceptAnswer(deps, asker, question.id)).toThrow(Conflict);
    expect(() => acceptAnswer(deps, asker, 555_555)).toThrow(NotFound);
    expect(() => acceptAnswer(deps, asker, answer.id)).toThrow(NotFound);
    expect(snapshot(deps.db)).toEqual(before);
  });

  it("ideas and praise have no accepted answers", async () => {
    for (const kind of ["idea", "praise"]) {
      const { asker, answer } = await answered(kind);
      expect(() => acceptAnswer(deps, asker, answer.id)).toThrow(Conflict);
    }
  });

  it("a locked thread takes no acceptance from its asker", async () => {
    const { asker, id, answer } = await answered();
    deps.db.update(threads).set({ locked: true }).where(eq(threads.id, id)).run();
    expect(() => acceptAnswer(deps, asker, answer.id)).toThrow(Forbidden);
  });

  it("accepting your own reply solves the thread but earns no reputation", async () => {
    const asker = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db));
    const own = createReply(deps, asker, id, { body: "Found it myself." });
    acceptAnswer(deps, asker, own.id);
    expect(thread(id).status).toBe("solved");
    expect(user(asker)).toMatchObject({ reputation: 0, acceptedCount: 0 });
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("deleting the accepted answer withdraws it and its reputation", async () => {
    const { asker, helper, id, answer } = await answered();
    acceptAnswer(deps, asker, answer.id);
    deletePost(deps, helper, answer.id);
    expect(thread(id)).toMatchObject({ status: "answered", acceptedPostId: null });
    expect(user(helper).reputation).toBe(0);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("notifies the author and queues a thread.solved webhook", async () => {
    const { asker, helper, id, answer } = await answered();
    deps.db.delete(jobs).run();
    acceptAnswer(deps, asker, answer.id);
    const note = deps.db.select().from(notifications).where(eq(notifications.userId, helper.id)).all().find((n) => n.kind === "accepted");
    expect(note).toMatchObject({ threadId: id, postId: answer.id, actorId: asker.id });
    const events = deps.db.select().from(jobs).where(eq(jobs.kind, "webhook.event")).all().map((job) => job.payload as { event: string; data: unknown });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: "thread.solved", data: { threadId: id, acceptedPostId: answer.id } });
  });

  it("awards First accepted answer at 1, Helper at 10 and Expert at 50, once each", async () => {
    const helper = await makeUser(deps);
    const badgeIds = () => deps.db.select().from(badges).where(eq(badges.userId, helper.id)).all().map((b) => b.badge).sort();
    const bump = (times: number) => deps.db.transaction((tx) => { for (let i = 0; i < times; i++) changeAcceptedCount(tx as never, deps.clock, helper.id, 1); });
    bump(1);
    expect(badgeIds()).toEqual(["first-accepted"]);
    bump(8);
    expect(badgeIds()).toEqual(["first-accepted"]);
    bump(1);
    expect(badgeIds()).toEqual(["first-accepted", "helper"]);
    bump(39);
    expect(badgeIds()).toEqual(["first-accepted", "helper"]);
    bump(1);
    expect(badgeIds()).toEqual(["expert", "first-accepted", "helper"]);
    expect(user(helper)).toMatchObject({ acceptedCount: 50, reputation: 750 });
  });

  it("a real acceptance awards the first badge", async () => {
    const { asker, helper, answer } = await answered();
    acceptAnswer(deps, asker, answer.id);
    expect(deps.db.select().from(badges).where(eq(badges.userId, helper.id)).all().map((b) => b.badge)).toEqual(["first-accepted"]);
  });
});

describe("helpful votes and me too", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  const user = (u: User) => deps.db.select().from(users).where(eq(users.id, u.id)).get()!;

  async function setup(kind = "question") {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const voter = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db), { kind });
    const answer = createReply(deps, helper, id, { body: "Hold reset." });
    const question = deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    return { asker, helper, voter, id, answer, question };
  }

  it("a helpful vote gives the answer's author 2 reputation; withdrawing takes it back", async () => {
    const { asker, helper, voter, answer } = await setup();
    voteHelpful(deps, voter, answer.id);
    voteHelpful(deps, asker, answer.id);
    expect(user(helper).reputation).toBe(4);
    withdrawHelpful(deps, voter, answer.id);
    expect(user(helper).reputation).toBe(2);
    withdrawHelpful(deps, voter, answer.id);
    expect(user(helper).reputation).toBe(2);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("reputation adds up across votes and acceptance, and each reversal", async () => {
    const { asker, helper, voter, id, answer } = await setup();
    voteHelpful(deps, voter, answer.id);
    acceptAnswer(deps, asker, answer.id);
    expect(user(helper).reputation).toBe(17);
    withdrawAcceptance(deps, asker, id);
    expect(user(helper).reputation).toBe(2);
    deletePost(deps, helper, answer.id);
    expect(user(helper).reputation).toBe(0);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("voting twice is refused and changes nothing", async () => {
    const { voter, answer } = await setup();
    voteHelpful(deps, voter, answer.id);
    const before = snapshot(deps.db);
    expect(() => voteHelpful(deps, voter, answer.id)).toThrow(Conflict);
    expect(snapshot(deps.db)).toEqual(before);
  });

  it("nobody votes on their own post, on the question, or as a guest", async () => {
    const { helper, voter, answer, question } = await setup();
    const before = snapshot(deps.db);
    expect(() => voteHelpful(deps, helper, answer.id)).toThrow(Forbidden);
    expect(() => voteHelpful(deps, voter, question.id)).toThrow(Forbidden);
    expect(() => voteHelpful(deps, null, answer.id)).toThrow(Forbidden);
    expect(() => voteHelpful(deps, voter, 123_456)).toThrow(NotFound);
    expect(snapshot(deps.db)).toEqual(before);
  });

  it("notifies the author of a helpful vote", async () => {
    const { helper, voter, answer } = await setup();
    voteHelpful(deps, voter, answer.id);
    expect(deps.db.select().from(notifications).where(eq(notifications.userId, helper.id)).all().map((n) => n.kind)).toContain("helpful");
  });

  it("me too counts once per person on questions and problems, and follows the thread", async () => {
    const { asker, voter, helper, id } = await setup("problem");
    addMeToo(deps, voter, id);
    addMeToo(deps, helper, id);
    const before = snapshot(deps.db);
    expect(() => addMeToo(deps, voter, id)).toThrow(Conflict);
    expect(() => addMeToo(deps, asker, id)).toThrow(Forbidden);
    expect(snapshot(deps.db)).toEqual(before);
    expect(deps.db.select().from(threads).where(eq(threads.id, id)).get()!.meTooCount).toBe(2);
    removeMeToo(deps, voter, id);
    removeMeToo(deps, voter, id);
    expect(deps.db.select().from(threads).where(eq(threads.id, id)).get()!.meTooCount).toBe(1);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("me too is not for ideas or praise", async () => {
    const { voter, id } = await setup("idea");
    expect(() => addMeToo(deps, voter, id)).toThrow(Conflict);
  });

  it("counters stay consistent through a busy thread", async () => {
    const { asker, helper, voter, id, answer } = await setup();
    const staff = await makeUser(deps, { role: "staff" });
    const late = createReply(deps, staff, id, { body: "Official." });
    voteHelpful(deps, voter, late.id);
    voteHelpful(deps, asker, late.id);
    voteHelpful(deps, voter, answer.id);
    addMeToo(deps, voter, id);
    acceptAnswer(deps, asker, late.id);
    acceptAnswer(deps, staff, answer.id);
    deletePost(deps, staff, late.id);
    createReply(deps, asker, id, { body: "Thanks all" });
    withdrawHelpful(deps, voter, answer.id);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
    expect(user(helper).reputation).toBe(15);
  });
});

describe("acting on a post from a thread's page", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("a post of another thread is refused by vote, unvote, accept and delete, and nothing changes", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const voter = await makeUser(deps);
    const staff = await makeUser(deps, { role: "moderator" });
    const category = makeCategory(deps.db);
    const here = ask(deps, asker, category);
    const elsewhere = ask(deps, asker, category, { title: "Another thread" });
    const answer = createReply(deps, helper, elsewhere.id, { body: "An answer in the other thread." });
    voteHelpful(deps, voter, answer.id, { threadId: elsewhere.id });
    const before = snapshot(deps.db);

    // Everyone here may do each of these in the other thread; the address is what is wrong.
    const attempts = [
      () => voteHelpful(deps, staff, answer.id, { threadId: here.id }),
      () => withdrawHelpful(deps, voter, answer.id, { threadId: here.id }),
      () => acceptAnswer(deps, asker, answer.id, { threadId: here.id }),
      () => deletePost(deps, helper, answer.id, { threadId: here.id }),
      () => deletePost(deps, staff, answer.id, { threadId: here.id }),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(new Conflict("That post is not in this thread."));
    expect(snapshot(deps.db)).toEqual(before);

    // In its own thread the same calls go through.
    acceptAnswer(deps, asker, answer.id, { threadId: elsewhere.id });
    deletePost(deps, helper, answer.id, { threadId: elsewhere.id });
    expect(deps.db.select().from(posts).where(eq(posts.id, answer.id)).get()!.deletedAt).not.toBeNull();
  });
});
