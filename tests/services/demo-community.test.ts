import { eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { categories, jobs, moderationLog, posts, threads, users, type User } from "@db/schema";
import { seedDemo } from "@db/seed";
import { SEED_CATEGORIES, SEED_USERS } from "@db/seed-data";
import { recordAudit } from "~/services/audit-log.server";
import { findDemoCommunity, removeDemoCommunity } from "~/services/demo-community.server";
import { Conflict, Forbidden, Invalid } from "~/services/errors";
import { acceptAnswer } from "~/services/accept.server";
import { createReply } from "~/services/posts.server";
import { addMeToo, voteHelpful } from "~/services/votes.server";
import { getSettings } from "~/services/settings.server";
import { makeUser } from "../factories";
import { ask, expectedCounters, storedCounters } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";

const DEMO_EMAILS = SEED_USERS.map((user) => user.email);

describe("removing the demo community", () => {
  let deps: TestDeps;
  let admin: User;
  beforeEach(async () => {
    deps = createTestDeps();
    await seedDemo(deps);
    admin = await makeUser(deps, { role: "admin" });
  });
  afterEach(() => deps.db.$client.close());

  const demoAccounts = () => deps.db.select().from(users).where(inArray(users.email, DEMO_EMAILS)).all();
  const demoUser = (handle: string) => deps.db.select().from(users).where(eq(users.handle, handle)).get()!;

  it("needs the typed phrase and an admin; anything else changes nothing", async () => {
    const before = deps.db.select().from(threads).all().length;
    expect(() => removeDemoCommunity(deps, admin, { confirmation: "yes" })).toThrow(Invalid);
    expect(() => removeDemoCommunity(deps, admin, { confirmation: "" })).toThrow("Type “remove demo” to confirm");
    for (const role of ["member", "staff", "moderator"] as const) {
      expect(() => removeDemoCommunity(deps, { id: "x", role }, { confirmation: "remove demo" })).toThrow(Forbidden);
    }
    expect(deps.db.select().from(threads).all()).toHaveLength(before);
    expect(demoAccounts()).toHaveLength(SEED_USERS.length);
  });

  it("refuses an admin signed in with a demo account, which it would remove", () => {
    expect(() => removeDemoCommunity(deps, demoUser("ada"), { confirmation: "remove demo" })).toThrow("You are signed in with a demo account");
    expect(demoAccounts()).toHaveLength(SEED_USERS.length);
  });

  it("removes the demo accounts, their threads and the demo categories, resets the demo's name, queues the index updates, and is audited", () => {
    expect(findDemoCommunity(deps)).toMatchObject({ accounts: SEED_USERS.length, categories: SEED_CATEGORIES.length });
    expect(getSettings(deps).siteName).toBe("Nimbus Community");
    const threadIds = deps.db.select({ id: threads.id }).from(threads).all().map((row) => row.id);
    const removed = removeDemoCommunity(deps, admin, { confirmation: "  Remove Demo " });
    expect(removed).toEqual({ accounts: SEED_USERS.length, threads: threadIds.length, categories: SEED_CATEGORIES.length });
    expect(demoAccounts()).toEqual([]);
    expect(deps.db.select().from(threads).all()).toEqual([]);
    expect(deps.db.select().from(posts).all()).toEqual([]);
    expect(deps.db.select().from(categories).all()).toEqual([]);
    expect(getSettings(deps).siteName).toBe("Peerdesk Community");
    expect(findDemoCommunity(deps)).toBeNull();
    const queued = deps.db.select().from(jobs).all().map((job) => (job.payload as { threadId?: number }).threadId);
    expect(queued).toEqual(expect.arrayContaining(threadIds));
    expect(deps.db.select().from(moderationLog).all()).toMatchObject([{ actorId: admin.id, action: "demo.remove", details: removed }]);
    expect(() => removeDemoCommunity(deps, admin, { confirmation: "remove demo" })).toThrow(Conflict);
  });

  it("keeps what real members wrote: a demo category holding a real thread stays with its count right, and a demo account still referenced is emptied instead of deleted", async () => {
    const member = await makeUser(deps);
    const billing = deps.db.select().from(categories).where(eq(categories.slug, SEED_CATEGORIES[0]!.slug)).get()!;
    const real = ask(deps, member, billing, { title: "My real question about billing" });
    createReply(deps, demoUser("sam"), real.id, { body: "A staff answer from the demo." });
    recordAudit(deps.db, deps.clock, { actorId: demoUser("mo").id, action: "thread.pin", threadId: real.id });

    removeDemoCommunity(deps, admin, { confirmation: "remove demo" });
    expect(deps.db.select({ name: categories.name }).from(categories).all()).toEqual([{ name: billing.name }]);
    expect(deps.db.select({ id: threads.id }).from(threads).all()).toEqual([{ id: real.id }]);
    expect(storedCounters(deps.db).categories).toEqual(expectedCounters(deps.db).categories);
    const left = deps.db.select().from(users).where(eq(users.displayName, "deleted user")).all();
    expect(left).toHaveLength(2);
    for (const account of left) {
      expect(account.email).not.toContain("example.com");
      expect(account.deletedAt).not.toBeNull();
      expect(account.role).toBe("member");
    }
    expect(demoAccounts()).toEqual([]);
  });

  it("takes back what the demo gave real members (credit for answers in its threads, its votes and me-toos on theirs), so every count stays true", async () => {
    const helper = await makeUser(deps);
    const asker = await makeUser(deps);
    const billing = deps.db.select().from(categories).where(eq(categories.slug, SEED_CATEGORIES[0]!.slug)).get()!;
    const demoThread = ask(deps, demoUser("ada"), billing, { kind: "question", title: "A demo question a real member answers" });
    const answer = createReply(deps, helper, demoThread.id, { body: "Here is how I solved it on my phone." });
    voteHelpful(deps, demoUser("sam"), answer.id);
    acceptAnswer(deps, demoUser("ada"), answer.id);
    const real = ask(deps, asker, billing, { kind: "problem", title: "A real problem the demo voted on" });
    const realAnswer = createReply(deps, helper, real.id, { body: "Try switching the network mode." });
    voteHelpful(deps, demoUser("sam"), realAnswer.id);
    addMeToo(deps, demoUser("sam"), real.id);
    const before = deps.db.select().from(users).where(eq(users.id, helper.id)).get()!;
    expect(before).toMatchObject({ acceptedCount: 1, answerCount: 2 });

    removeDemoCommunity(deps, admin, { confirmation: "remove demo" });
    const after = deps.db.select().from(users).where(eq(users.id, helper.id)).get()!;
    expect(after).toMatchObject({ acceptedCount: 0, answerCount: 1, reputation: 0 });
    expect(deps.db.select({ helpfulCount: posts.helpfulCount }).from(posts).where(eq(posts.id, realAnswer.id)).get()).toEqual({ helpfulCount: 0 });
    expect(deps.db.select({ voteCount: threads.voteCount, meTooCount: threads.meTooCount }).from(threads).where(eq(threads.id, real.id)).get()).toEqual({ voteCount: 0, meTooCount: 0 });
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });
});
