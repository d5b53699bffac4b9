import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { follows, jobs, posts, threads } from "@db/schema";
import { Forbidden, Invalid, RateLimited } from "~/services/errors";
import { POSTING_LIMITS } from "~/services/anti-spam.server";
import { updateSettings } from "~/services/settings.server";
import { createThread } from "~/services/threads.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, expectedCounters, makeCategory, snapshot, storedCounters } from "../qa-helpers";

describe("asking a question", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("creates the thread and its question as post 1, with a readable slug, the asker following", async () => {
    const asker = await makeUser(deps);
    const category = makeCategory(deps.db);
    const { id, slug } = ask(deps, asker, category, { title: "Wi-Fi drops every evening — why?" });
    expect(slug).toBe("wi-fi-drops-every-evening-why");
    const thread = deps.db.select().from(threads).where(eq(threads.id, id)).get()!;
    expect(thread).toMatchObject({ status: "open", kind: "question", authorId: asker.id, replyCount: 0 });
    const first = deps.db.select().from(posts).where(eq(posts.threadId, id)).all();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ position: 1, authorRole: "member", official: false });
    expect(first[0]!.bodyHtml).toContain("<strong>red</strong>");
    expect(deps.db.select().from(follows).where(eq(follows.threadId, id)).all().map((f) => f.userId)).toEqual([asker.id]);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
  });

  it("sets the escalation deadline from the category window, else the site default", async () => {
    const asker = await makeUser(deps);
    const quick = makeCategory(deps.db, { minutes: 15 });
    const standard = makeCategory(deps.db);
    updateSettings(deps, { defaultEscalationMinutes: 90 });
    const now = deps.clock.now().getTime();
    const a = ask(deps, asker, quick);
    const b = ask(deps, asker, standard);
    const due = (id: number) => deps.db.select().from(threads).where(eq(threads.id, id)).get()!.escalationDueAt!.getTime();
    expect(due(a.id)).toBe(now + 15 * 60_000);
    expect(due(b.id)).toBe(now + 90 * 60_000);
  });

  it("queues a search sync and a post.created webhook event in the same write", async () => {
    const asker = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db));
    const queued = deps.db.select().from(jobs).all();
    expect(queued.find((job) => job.kind === "search.sync")?.payload).toEqual({ threadId: id });
    const event = queued.find((job) => job.kind === "webhook.event")?.payload as { event: string; data: { threadId: number } };
    expect(event.event).toBe("post.created");
    expect(event.data.threadId).toBe(id);
  });

  it("refuses an empty or too-long title or body with field errors and saves nothing", async () => {
    const asker = await makeUser(deps);
    const category = makeCategory(deps.db);
    const before = snapshot(deps.db);
    const cases: [Record<string, unknown>, string][] = [
      [{ title: "   " }, "title"],
      [{ title: "x".repeat(151) }, "title"],
      [{ body: "" }, "body"],
      [{ body: "x".repeat(20_001) }, "body"],
      [{ kind: "rant" }, "kind"],
    ];
    for (const [overrides, field] of cases) {
      const error = (() => { try { ask(deps, asker, category, overrides); } catch (e) { return e; } })();
      expect(error, field).toBeInstanceOf(Invalid);
      expect(Object.keys((error as Invalid).fields)).toContain(field);
    }
    expect(snapshot(deps.db)).toEqual(before);
  });

  it("accepts a title of exactly 150 characters and a body of exactly 20,000", async () => {
    const asker = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db), { title: "t".repeat(150), body: "b".repeat(20_000) });
    expect(deps.db.select().from(threads).where(eq(threads.id, id)).get()!.title).toHaveLength(150);
  });

  it("refuses an unknown category as a field error", async () => {
    const asker = await makeUser(deps);
    const before = snapshot(deps.db);
    expect(() => ask(deps, asker, { slug: "no-such-category" })).toThrow(Invalid);
    try { ask(deps, asker, { slug: "no-such-category" }); } catch (e) { expect((e as Invalid).fields).toEqual({ category: "Pick a category from the list" }); }
    expect(snapshot(deps.db)).toEqual(before);
  });

  it("refuses guests and suspended members", async () => {
    const category = makeCategory(deps.db);
    const suspended = await makeUser(deps);
    suspended.suspendedUntil = new Date(deps.clock.now().getTime() + 60_000);
    expect(() => createThread(deps, null, { category: category.slug, kind: "question", title: "t", body: "b" })).toThrow(Forbidden);
    expect(() => ask(deps, suspended, category)).toThrow(Forbidden);
    expect(deps.db.select().from(threads).all()).toHaveLength(0);
  });

  it("limits a member to 5 threads in 10 minutes; staff are exempt", async () => {
    const member = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const category = makeCategory(deps.db);
    for (let i = 0; i < POSTING_LIMITS.thread.max; i++) ask(deps, member, category);
    expect(() => ask(deps, member, category)).toThrow(RateLimited);
    for (let i = 0; i < POSTING_LIMITS.thread.max + 2; i++) ask(deps, staff, category);
    deps.clock.advanceMinutes(10);
    expect(() => ask(deps, member, category)).not.toThrow();
  });

  it("keeps the role at posting time on the question", async () => {
    const staff = await makeUser(deps, { role: "moderator" });
    const { id } = ask(deps, staff, makeCategory(deps.db));
    expect(deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!.authorRole).toBe("moderator");
  });
});
