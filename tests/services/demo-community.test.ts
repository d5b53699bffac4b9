import { eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { categories, jobs, moderationLog, posts, threads, users, type User } from "@db/schema";
import { seedDemo } from "@db/seed";
import { SEED_CATEGORIES, SEED_USERS } from "@db/seed-data";
import { recordAudit } from "~/services/audit-log.server";
import { findDemoCommunity, removeDemoCommunity } from "~/services/demo-community.server";
import { Conflict, Forbidden, Invalid } from "~/services/errors";
import { createReply } from "~/services/posts.server";
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
});
