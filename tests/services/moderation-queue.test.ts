import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flags, moderationLog, notifications, posts, threads, users, type User } from "@db/schema";
import type { FlagReason } from "~/domain/moderation";
import type { Role } from "~/domain/roles";
import { Conflict, Forbidden, NotFound } from "~/services/errors";
import { flagPost } from "~/services/flags.server";
import { countOpenFlags, listFlagQueue, resolveFlags } from "~/services/moderation-queue.server";
import { createReply } from "~/services/posts.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

const readPost = (deps: TestDeps, id: number) => deps.db.select().from(posts).where(eq(posts.id, id)).get()!;
const auditActions = (deps: TestDeps) => deps.db.select().from(moderationLog).all().map((row) => row.action);

describe("the moderation queue", () => {
  let deps: TestDeps;
  let flaggers: User[];
  beforeEach(async () => {
    deps = createTestDeps();
    flaggers = [await makeUser(deps), await makeUser(deps), await makeUser(deps)];
  });
  afterEach(() => deps.db.$client.close());

  async function flaggedAnswer(count: number, { role = "member", reason = "spam" }: { role?: Role; reason?: FlagReason } = {}) {
    const asker = await makeUser(deps);
    const author = await makeUser(deps, { role });
    const thread = ask(deps, asker, makeCategory(deps.db));
    const answer = createReply(deps, author, thread.id, { body: "Visit spam.example for deals" });
    for (const flagger of flaggers.slice(0, count)) {
      deps.clock.advanceMinutes(1);
      flagPost(deps, flagger, answer.id, { reason, note: reason === "spam" ? "Link farm" : null });
    }
    return { author, thread, answer };
  }

  it("groups open flags by post, priority first then newest, with flaggers, notes and the author's history", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const older = await flaggedAnswer(2);
    const staffPost = await flaggedAnswer(1, { role: "staff" });
    const newest = await flaggedAnswer(1);
    const personal = await flaggedAnswer(1, { reason: "personal_data" });
    expect(countOpenFlags(deps)).toBe(5);

    const queue = listFlagQueue(deps, moderator);
    expect(queue.map((item) => item.post.id)).toEqual([personal.answer.id, staffPost.answer.id, newest.answer.id, older.answer.id]);
    expect(queue.map((item) => item.priority)).toEqual([true, true, false, false]);
    expect(queue[3]!.flags.map((flag) => [flag.handle, flag.reason, flag.note])).toEqual([
      [flaggers[1]!.handle, "spam", "Link farm"],
      [flaggers[0]!.handle, "spam", "Link farm"],
    ]);
    expect(queue[3]!.post.bodyHtml).toContain("spam.example");
    expect(queue[3]!.author).toMatchObject({ handle: older.author.handle, postCount: 1, upheldFlagCount: 0 });

    resolveFlags(deps, moderator, older.answer.id, { decision: "agree" });
    const again = await flaggedAnswer(1);
    deps.db.update(posts).set({ authorId: older.author.id }).where(eq(posts.id, again.answer.id)).run();
    expect(listFlagQueue(deps, moderator).find((item) => item.post.id === again.answer.id)!.author).toMatchObject({ postCount: 2, upheldFlagCount: 1 });
  });

  it("is for moderators and admins, not staff or members", async () => {
    await flaggedAnswer(1);
    for (const role of ["member", "staff"] as const) {
      const user = await makeUser(deps, { role });
      expect(() => listFlagQueue(deps, user)).toThrow(Forbidden);
      expect(() => resolveFlags(deps, user, 1, { decision: "disagree" })).toThrow(Forbidden);
    }
    expect(deps.db.select().from(flags).all().every((flag) => flag.reviewedAt === null)).toBe(true);
  });

  it("disagreeing restores a post flags hid, closes every open flag, tells each flagger and writes one audit entry", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const { answer } = await flaggedAnswer(3);
    expect(readPost(deps, answer.id).hiddenReason).toBe("flags");
    deps.clock.advanceMinutes(10);

    resolveFlags(deps, moderator, answer.id, { decision: "disagree" });

    expect(readPost(deps, answer.id)).toMatchObject({ hiddenAt: null, hiddenReason: null });
    expect(deps.db.select().from(flags).all().map((f) => [f.resolution, f.reviewedBy, f.reviewedAt])).toEqual(
      Array(3).fill(["disagreed", moderator.id, deps.clock.now()]),
    );
    expect(deps.db.select().from(notifications).where(eq(notifications.kind, "flag_disagreed")).all().map((n) => n.userId).sort()).toEqual(
      flaggers.map((f) => f.id).sort(),
    );
    expect(auditActions(deps)).toEqual(["flags.disagreed"]);
    expect(countOpenFlags(deps)).toBe(0);

    expect(() => resolveFlags(deps, moderator, answer.id, { decision: "agree" })).toThrow(Conflict);
    expect(readPost(deps, answer.id).hiddenAt).toBeNull();
    expect(auditActions(deps)).toEqual(["flags.disagreed"]);
  });

  it("agreeing hides the post for good and may suspend its author, one audit entry each", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const { answer, author } = await flaggedAnswer(2);
    const until = new Date("2026-02-01T00:00:00Z");

    resolveFlags(deps, moderator, answer.id, { decision: "agree", outcome: "hide", suspend: { until, reason: "Repeated spam links" } });

    expect(readPost(deps, answer.id)).toMatchObject({ hiddenReason: "moderator", hiddenBy: moderator.id });
    expect(deps.db.select().from(users).where(eq(users.id, author.id)).get()).toMatchObject({ suspendedUntil: until, suspensionReason: "Repeated spam links", suspendedBy: moderator.id });
    expect(deps.db.select().from(notifications).where(eq(notifications.kind, "flag_agreed")).all()).toHaveLength(2);
    expect(auditActions(deps)).toEqual(["flags.agreed", "user.suspend"]);
  });

  it("agreeing with delete deletes the post and takes back its counters", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const { answer, thread } = await flaggedAnswer(1);
    expect(deps.db.select().from(threads).where(eq(threads.id, thread.id)).get()!.replyCount).toBe(1);
    resolveFlags(deps, moderator, answer.id, { decision: "agree", outcome: "delete" });
    expect(readPost(deps, answer.id)).toMatchObject({ deletedAt: deps.clock.now(), deletedBy: moderator.id });
    expect(deps.db.select().from(threads).where(eq(threads.id, thread.id)).get()!.replyCount).toBe(0);
    expect(auditActions(deps)).toEqual(["flags.agreed"]);
  });

  it("a moderator cannot act against an admin's post or suspend an admin, but may dismiss the flags; nothing changes on refusal", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const { answer, author } = await flaggedAnswer(1, { role: "admin" });
    const suspend = { until: new Date("2026-03-01T00:00:00Z"), reason: "No" };
    expect(() => resolveFlags(deps, moderator, answer.id, { decision: "agree" })).toThrow(Forbidden);
    expect(() => resolveFlags(deps, moderator, answer.id, { decision: "agree", suspend })).toThrow(Forbidden);
    expect(readPost(deps, answer.id).hiddenAt).toBeNull();
    expect(deps.db.select().from(users).where(eq(users.id, author.id)).get()!.suspendedUntil).toBeNull();
    expect(auditActions(deps)).toEqual([]);
    resolveFlags(deps, moderator, answer.id, { decision: "disagree" });
    expect(auditActions(deps)).toEqual(["flags.disagreed"]);
  });

  it("a post that no longer exists is not found", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    expect(() => resolveFlags(deps, moderator, 987_654, { decision: "agree" })).toThrow(NotFound);
  });
});
