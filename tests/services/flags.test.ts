import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flags, jobs, posts, users } from "@db/schema";
import { buildSearchDocuments } from "@search/document";
import { Conflict, Forbidden, Invalid, NotFound } from "~/services/errors";
import { flagPost } from "~/services/flags.server";
import { createReply, deletePost } from "~/services/posts.server";
import { SEARCH_SYNC_JOB } from "~/services/search-outbox.server";
import { saveSiteSettings } from "~/services/escalation-settings.server";
import { getThreadPage } from "~/services/thread-page.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

const readPost = (deps: TestDeps, id: number) => deps.db.select().from(posts).where(eq(posts.id, id)).get()!;
const flagRows = (deps: TestDeps) => deps.db.select().from(flags).all();

describe("flagging a post", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  async function threadWithAnswer(answerRole: "member" | "staff" = "member") {
    const asker = await makeUser(deps);
    const answerer = await makeUser(deps, { role: answerRole });
    const thread = ask(deps, asker, makeCategory(deps.db));
    const answer = createReply(deps, answerer, thread.id, { body: "Buy cheap pills at spam.example" });
    return { asker, answerer, thread, answer };
  }

  it("refuses a guest, the author, a second flag by the same member, a deleted post, a post of another thread and a suspended member, changing nothing", async () => {
    const { answerer, thread, answer } = await threadWithAnswer();
    const member = await makeUser(deps);
    const suspended = await makeUser(deps);
    deps.db.update(users).set({ suspendedUntil: new Date(deps.clock.now().getTime() + 86_400_000) }).where(eq(users.id, suspended.id)).run();
    const suspendedActor = { ...suspended, suspendedUntil: new Date(deps.clock.now().getTime() + 86_400_000) };

    expect(() => flagPost(deps, null, answer.id, { reason: "spam" })).toThrow(Forbidden);
    expect(() => flagPost(deps, answerer, answer.id, { reason: "spam" })).toThrow(/your own post/);
    expect(() => flagPost(deps, suspendedActor, answer.id, { reason: "spam" })).toThrow(/suspended/);
    expect(() => flagPost(deps, member, answer.id, { reason: "spam" }, { threadId: thread.id + 1000 })).toThrow(NotFound);
    expect(() => flagPost(deps, member, 999_999, { reason: "spam" })).toThrow(NotFound);
    expect(flagRows(deps)).toEqual([]);

    flagPost(deps, member, answer.id, { reason: "spam" }, { threadId: thread.id });
    expect(() => flagPost(deps, member, answer.id, { reason: "abusive" })).toThrow(Conflict);
    expect(flagRows(deps)).toMatchObject([{ userId: member.id, reason: "spam", note: null, reviewedAt: null }]);

    deletePost(deps, answerer, answer.id);
    const other = await makeUser(deps);
    expect(() => flagPost(deps, other, answer.id, { reason: "spam" })).toThrow(NotFound);
    expect(flagRows(deps)).toHaveLength(1);
  });

  it("takes a reason from the list, and a note for “other”, within its length", async () => {
    const { answer } = await threadWithAnswer();
    const member = await makeUser(deps);
    const fieldsOf = (input: Record<string, unknown>) => {
      try {
        flagPost(deps, member, answer.id, input);
      } catch (error) {
        return error instanceof Invalid ? error.fields : error;
      }
      return null;
    };
    expect(fieldsOf({ reason: "boring" })).toHaveProperty("reason");
    expect(fieldsOf({ reason: "other", note: "   " })).toEqual({ note: "Say what is wrong with this post" });
    expect(fieldsOf({ reason: "spam", note: "x".repeat(501) })).toHaveProperty("note");
    expect(flagRows(deps)).toEqual([]);
    expect(fieldsOf({ reason: "other", note: "Copied from another site" })).toBeNull();
    expect(flagRows(deps)).toMatchObject([{ reason: "other", note: "Copied from another site" }]);
  });

  it("hides a post on the third distinct member's flag, not on two, and then search drops its words", async () => {
    const { thread, answer, answerer } = await threadWithAnswer();
    const [a, b, c] = [await makeUser(deps), await makeUser(deps), await makeUser(deps)];
    deps.db.delete(jobs).run();
    expect(flagPost(deps, a, answer.id, { reason: "spam" })).toEqual({ hidden: false });
    deps.clock.advanceMinutes(5);
    expect(flagPost(deps, b, answer.id, { reason: "abusive" })).toEqual({ hidden: false });
    expect(readPost(deps, answer.id).hiddenAt).toBeNull();
    expect(deps.db.select().from(jobs).where(eq(jobs.kind, SEARCH_SYNC_JOB)).all()).toEqual([]);

    deps.clock.advanceMinutes(5);
    expect(flagPost(deps, c, answer.id, { reason: "off_topic" })).toEqual({ hidden: true });
    expect(readPost(deps, answer.id)).toMatchObject({ hiddenAt: deps.clock.now(), hiddenReason: "flags", hiddenBy: null });
    expect(deps.db.select().from(jobs).where(eq(jobs.kind, SEARCH_SYNC_JOB)).all()).toHaveLength(1);
    expect(buildSearchDocuments(deps.db, [thread.id]).documents[0]!.answers).not.toContain("cheap pills");

    // Guests and other members see that it is hidden; its author and staff still read it.
    const staff = await makeUser(deps, { role: "staff" });
    const shown = (viewer: Parameters<typeof getThreadPage>[2]) => getThreadPage(deps, thread.id, viewer).replies.find((p) => p.id === answer.id)!;
    expect(shown(null)).toMatchObject({ hidden: "flags", withheld: true, bodyHtml: "" });
    expect(shown(a)).toMatchObject({ hidden: "flags", withheld: true, bodyHtml: "" });
    expect(shown(answerer)).toMatchObject({ hidden: "flags", withheld: false });
    expect(shown(answerer).bodyHtml).toContain("cheap pills");
    expect(shown(staff).bodyHtml).toContain("cheap pills");
  });

  it("three flags from one member are one flag", async () => {
    const { answer } = await threadWithAnswer();
    const member = await makeUser(deps);
    flagPost(deps, member, answer.id, { reason: "spam" });
    expect(() => flagPost(deps, member, answer.id, { reason: "spam" })).toThrow(Conflict);
    expect(() => flagPost(deps, member, answer.id, { reason: "abusive" })).toThrow(Conflict);
    expect(readPost(deps, answer.id).hiddenAt).toBeNull();
  });

  it("a staff member's post and “personal data” flags hide nothing by count", async () => {
    const { answer: staffAnswer } = await threadWithAnswer("staff");
    const { answer } = await threadWithAnswer();
    const flaggers = [await makeUser(deps), await makeUser(deps), await makeUser(deps), await makeUser(deps)];
    for (const flagger of flaggers) flagPost(deps, flagger, staffAnswer.id, { reason: "spam" });
    expect(readPost(deps, staffAnswer.id).hiddenAt).toBeNull();

    for (const flagger of flaggers.slice(0, 3)) flagPost(deps, flagger, answer.id, { reason: "personal_data" });
    expect(readPost(deps, answer.id).hiddenAt).toBeNull();
    // Two more ordinary flags make only two that count.
    expect(flagPost(deps, flaggers[3]!, answer.id, { reason: "spam" })).toEqual({ hidden: false });
  });

  it("the threshold is an admin setting", async () => {
    const { answer } = await threadWithAnswer();
    const admin = await makeUser(deps, { role: "admin" });
    saveSiteSettings(deps, admin, { flagHideThreshold: 1 });
    expect(flagPost(deps, await makeUser(deps), answer.id, { reason: "spam" })).toEqual({ hidden: true });
    expect(() => saveSiteSettings(deps, admin, { flagHideThreshold: 0 })).toThrow(Invalid);
  });
});

describe("a hidden post's words reach nobody who may not read them", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("no quote, no widget answer, no feed body", async () => {
    const { quoteFor } = await import("~/services/posts.server");
    const { getWidgetAnswer } = await import("~/services/widget.server");
    const { listFeedEntries } = await import("~/services/feeds.server");
    const asker = await makeUser(deps);
    const answerer = await makeUser(deps);
    const thread = ask(deps, asker, makeCategory(deps.db), { body: "My secret address is 1 Main St" });
    const answer = createReply(deps, answerer, thread.id, { body: "Buy cheap pills" });
    deps.db.update(posts).set({ hiddenAt: deps.clock.now(), hiddenReason: "flags" }).run();

    expect(quoteFor(deps, answer.id, { threadId: thread.id })).toBe("");
    const widget = getWidgetAnswer(deps, thread.id);
    expect(widget.answers).toEqual([]);
    expect(widget.question).toBeNull();
    expect(JSON.stringify(listFeedEntries(deps, {}))).not.toContain("Main St");
  });
});
