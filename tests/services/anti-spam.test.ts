import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "@db/schema";
import { listAuditLog } from "~/services/audit-log.server";
import { Invalid, RateLimited } from "~/services/errors";
import { saveSiteSettings } from "~/services/escalation-settings.server";
import { createReply } from "~/services/posts.server";
import { getSettings } from "~/services/settings.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory, snapshot } from "../qa-helpers";

const HOUR = 60 * 60_000;

function refusal(write: () => unknown): unknown {
  try {
    write();
  } catch (error) {
    return error;
  }
  throw new Error("expected the write to be refused");
}

// Issue 12: a fresh account could post as fast as it liked.
describe("anti-spam limits for new accounts", () => {
  let deps: TestDeps;
  let category: ReturnType<typeof makeCategory>;
  beforeEach(() => {
    deps = createTestDeps();
    category = makeCategory(deps.db);
  });
  afterEach(() => deps.db.$client.close());

  it("the defaults are 24 hours, reputation 10, 3 threads and 10 replies an hour, 2 links, 10 minutes, 3 seconds, exempt over 200", () => {
    expect(getSettings(deps)).toMatchObject({
      spamNewAccountHours: 24,
      spamNewAccountReputation: 10,
      spamNewAccountThreadsPerHour: 3,
      spamNewAccountRepliesPerHour: 10,
      spamNewAccountLinksPerPost: 2,
      spamRepeatMinutes: 10,
      spamMinFillSeconds: 3,
      spamExemptReputation: 200,
    });
  });

  it("a new account starts 3 threads in an hour; the 4th is refused with when to try again and writes nothing; an hour later it may", async () => {
    const newcomer = await makeUser(deps, { newAccount: true });
    for (let i = 0; i < 3; i++) {
      ask(deps, newcomer, category);
      deps.clock.advanceMinutes(5);
    }
    const before = snapshot(deps.db);
    const refused = refusal(() => ask(deps, newcomer, category));
    expect(refused).toBeInstanceOf(RateLimited);
    // The hour started at the first thread, 15 minutes ago.
    expect(refused).toMatchObject({ retryAfterSeconds: 45 * 60, message: "New accounts post a little at a time to keep spam out. You can start another thread in 45 minutes." });
    expect(snapshot(deps.db)).toEqual(before);
    deps.clock.advanceMinutes(44);
    expect(refusal(() => ask(deps, newcomer, category))).toBeInstanceOf(RateLimited);
    deps.clock.advanceMinutes(1);
    expect(ask(deps, newcomer, category).id).toBeGreaterThan(0);
  });

  it("a new account posts 10 replies in an hour; the 11th is refused until the hour is over", async () => {
    const asker = await makeUser(deps);
    const newcomer = await makeUser(deps, { newAccount: true });
    const { id } = ask(deps, asker, category);
    for (let i = 1; i <= 10; i++) {
      createReply(deps, newcomer, id, { body: `Idea number ${i}` });
      deps.clock.advanceMinutes(2);
    }
    const before = snapshot(deps.db);
    const refused = refusal(() => createReply(deps, newcomer, id, { body: "Idea number 11" }));
    expect(refused).toMatchObject({ retryAfterSeconds: 40 * 60, message: "New accounts post a little at a time to keep spam out. You can post another reply in 40 minutes." });
    expect(refused).toBeInstanceOf(RateLimited);
    expect(snapshot(deps.db)).toEqual(before);
    deps.clock.advanceMinutes(40);
    expect(createReply(deps, newcomer, id, { body: "Idea number 11" }).threadId).toBe(id);
  });

  it("a new account puts at most 2 links in a post (Markdown, bare URLs and HTML alike); a day old, it may put more", async () => {
    const asker = await makeUser(deps);
    const newcomer = await makeUser(deps, { newAccount: true });
    const { id } = ask(deps, asker, category);
    const threeLinks = "See [the guide](https://example.com/a), https://example.com/b and <a href=\"https://example.com/c\">this</a>.";
    const before = snapshot(deps.db);
    const refused = refusal(() => createReply(deps, newcomer, id, { body: threeLinks }));
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).fields).toEqual({ body: "New accounts may include at most 2 links in a post. Remove some, or post them in 24 hours." });
    expect(refusal(() => ask(deps, newcomer, category, { body: threeLinks }))).toBeInstanceOf(Invalid);
    expect(snapshot(deps.db)).toEqual(before);
    expect(createReply(deps, newcomer, id, { body: "See https://example.com/a and https://example.com/b" }).threadId).toBe(id);
    deps.clock.advance(24 * HOUR);
    expect(createReply(deps, newcomer, id, { body: threeLinks }).threadId).toBe(id);
  });

  it("an account stops being new at 24 hours, or once it has 10 reputation", async () => {
    const dayOld = await makeUser(deps, { createdAt: new Date(deps.clock.now().getTime() - 24 * HOUR) });
    const respected = await makeUser(deps, { newAccount: true });
    deps.db.update(users).set({ reputation: 10 }).where(eq(users.id, respected.id)).run();
    for (const member of [dayOld, respected]) {
      for (let i = 0; i < 4; i++) ask(deps, member, category);
    }
    // Still under the limit every member has: 5 threads per 10 minutes.
    ask(deps, dayOld, category);
    expect(refusal(() => ask(deps, dayOld, category))).toMatchObject({ message: "You are posting very quickly. You can start another thread in 10 minutes." });
  });

  it("staff and members with more than 200 reputation are exempt from every posting limit, even on a new account", async () => {
    const staff = await makeUser(deps, { role: "staff", newAccount: true });
    const trusted = await makeUser(deps, { newAccount: true });
    const almost = await makeUser(deps, { newAccount: true });
    deps.db.update(users).set({ reputation: 201 }).where(eq(users.id, trusted.id)).run();
    deps.db.update(users).set({ reputation: 200 }).where(eq(users.id, almost.id)).run();
    for (const member of [staff, trusted]) {
      for (let i = 0; i < 7; i++) ask(deps, member, category, { body: `Three links: https://a.example https://b.example https://c.example ${i}` });
    }
    for (let i = 0; i < 5; i++) ask(deps, almost, category);
    expect(refusal(() => ask(deps, almost, category))).toBeInstanceOf(RateLimited);
  });

  it("a post refused as a repeat uses up none of the allowance", async () => {
    const newcomer = await makeUser(deps, { newAccount: true });
    ask(deps, newcomer, category, { title: "Router blinks", body: "Red light." });
    for (let i = 0; i < 3; i++) expect(refusal(() => ask(deps, newcomer, category, { title: "Router blinks", body: "Red light." }))).toBeDefined();
    ask(deps, newcomer, category);
    ask(deps, newcomer, category);
    expect(refusal(() => ask(deps, newcomer, category))).toBeInstanceOf(RateLimited);
  });

  it("the same words twice within 10 minutes are refused in any thread, with when they may be posted again; staff may repeat them", async () => {
    const asker = await makeUser(deps);
    const member = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const first = ask(deps, asker, category);
    const second = ask(deps, asker, category);
    createReply(deps, member, first.id, { body: "Buy followers at https://spam.example" });
    deps.clock.advanceMinutes(4);
    const before = snapshot(deps.db);
    const refused = refusal(() => createReply(deps, member, second.id, { body: "Buy  followers at https://spam.example\n" }));
    expect(refused).toBeInstanceOf(RateLimited);
    expect(refused).toMatchObject({
      retryAfterSeconds: 6 * 60,
      message: "You posted these same words a few minutes ago. Write something new, or post them again in 6 minutes.",
    });
    // A new question with those words as its details is the same message again.
    expect(refusal(() => ask(deps, member, category, { title: "Followers", body: "Buy followers at https://spam.example" }))).toBeInstanceOf(RateLimited);
    expect(snapshot(deps.db)).toEqual(before);
    createReply(deps, staff, first.id, { body: "Please restart the router." });
    expect(createReply(deps, staff, second.id, { body: "Please restart the router." }).threadId).toBe(second.id);
    deps.clock.advanceMinutes(6);
    expect(createReply(deps, member, second.id, { body: "Buy followers at https://spam.example" }).threadId).toBe(second.id);
  });

  it("admins change the numbers in settings (one audit entry naming them), and the new numbers hold at once", async () => {
    const admin = await makeUser(deps, { role: "admin" });
    const newcomer = await makeUser(deps, { newAccount: true });
    saveSiteSettings(deps, admin, { spamNewAccountThreadsPerHour: 1, spamRepeatMinutes: 2, spamExemptReputation: 50 });
    const entries = listAuditLog(deps, admin).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "settings.update", details: { changed: ["spamNewAccountThreadsPerHour", "spamRepeatMinutes", "spamExemptReputation"] } });
    ask(deps, newcomer, category);
    expect(refusal(() => ask(deps, newcomer, category))).toMatchObject({ message: "New accounts post a little at a time to keep spam out. You can start another thread in 60 minutes." });
  });

  it("settings outside their bounds are refused field by field and nothing is saved", async () => {
    const admin = await makeUser(deps, { role: "admin" });
    const refused = refusal(() =>
      saveSiteSettings(deps, admin, { spamNewAccountLinksPerPost: -1, spamRepeatMinutes: "soon" as unknown as number, spamNewAccountHours: 0 }),
    );
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).fields).toEqual({ spamNewAccountLinksPerPost: "At least 0", spamRepeatMinutes: "Enter a whole number", spamNewAccountHours: "At least 1" });
    expect(getSettings(deps)).toMatchObject({ spamNewAccountLinksPerPost: 2, spamRepeatMinutes: 10, spamNewAccountHours: 24 });
    expect(listAuditLog(deps, admin).entries).toHaveLength(0);
  });
});
