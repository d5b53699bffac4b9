import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import * as schema from "@db/schema";
import { acceptAnswer } from "~/services/accept.server";
import { NotFound } from "~/services/errors";
import { createReply, deletePost, quoteFor } from "~/services/posts.server";
import { getThreadPage, locatePost } from "~/services/thread-page.server";
import { addMeToo, voteHelpful } from "~/services/votes.server";
import { flagPost } from "~/services/flags.server";
import { followThread } from "~/services/follows.server";
import { getWidgetAnswer } from "~/services/widget.server";
import { qaPageJsonLd } from "~/utils/qa-jsonld.server";
import { REPLIES_PER_PAGE } from "~/utils/post-paths";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory, replyMany } from "../qa-helpers";

describe("thread pages", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  /** A question with 120 replies: "Reply k" sits at position k + 1. */
  async function longThread(replies = 120) {
    const asker = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const thread = ask(deps, asker, makeCategory(deps.db));
    return { asker, staff, thread, replies: replyMany(deps, staff, thread.id, replies) };
  }
  const positions = (posts: { position: number }[]) => posts.map((post) => post.position);
  const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

  // The viewer's marks are read with queries prepared once and reused for every member: each
  // member must get their own, on every page, however the calls interleave.
  it("shows each member their own votes, flags, me-too and follow, and nobody else's", async () => {
    const { thread, replies } = await longThread(60);
    const [ana, bo, cy] = [await makeUser(deps), await makeUser(deps), await makeUser(deps)];
    voteHelpful(deps, ana, replies[0]!.id);
    voteHelpful(deps, ana, replies[55]!.id);
    flagPost(deps, ana, replies[1]!.id, { reason: "spam" });
    addMeToo(deps, cy, thread.id);
    followThread(deps, bo, thread.id);
    voteHelpful(deps, bo, replies[2]!.id);
    const viewerOn = (viewer: typeof ana | null, page: number) => getThreadPage(deps, thread.id, viewer, { page }).viewer;
    for (let round = 0; round < 2; round++) {
      expect(viewerOn(ana, 1)).toEqual({ votedPostIds: [replies[0]!.id], flaggedPostIds: [replies[1]!.id], meToo: false, following: false });
      expect(viewerOn(bo, 1)).toEqual({ votedPostIds: [replies[2]!.id], flaggedPostIds: [], meToo: false, following: true });
      expect(viewerOn(ana, 2)).toEqual({ votedPostIds: [replies[55]!.id], flaggedPostIds: [], meToo: false, following: false });
      // A me-too follows the thread too.
      expect(viewerOn(cy, 1)).toEqual({ votedPostIds: [], flaggedPostIds: [], meToo: true, following: true });
      expect(viewerOn(bo, 2)).toEqual({ votedPostIds: [], flaggedPostIds: [], meToo: false, following: true });
      expect(viewerOn(null, 1)).toEqual({ votedPostIds: [], flaggedPostIds: [], meToo: false, following: false });
    }
  });

  it("pages hold 50 replies in position order after the question; the last page holds the rest", async () => {
    const { thread } = await longThread();
    expect(REPLIES_PER_PAGE).toBe(50);
    const first = getThreadPage(deps, thread.id, null);
    expect(first.question).toMatchObject({ position: 1 });
    expect(positions(first.replies)).toEqual(range(2, 51));
    expect(first.pagination).toEqual({ page: 1, pageCount: 3 });
    expect(positions(getThreadPage(deps, thread.id, null, { page: 2 }).replies)).toEqual(range(52, 101));
    const last = getThreadPage(deps, thread.id, null, { page: 3 });
    expect(positions(last.replies)).toEqual(range(102, 121));
    expect(last.question).toMatchObject({ position: 1 });
  });

  it("a page past the last is not found; a thread without replies has one page", async () => {
    const { thread } = await longThread();
    expect(() => getThreadPage(deps, thread.id, null, { page: 4 })).toThrow(NotFound);
    const { thread: quiet } = await longThread(0);
    expect(getThreadPage(deps, quiet.id, null).pagination).toEqual({ page: 1, pageCount: 1 });
    expect(() => getThreadPage(deps, quiet.id, null, { page: 2 })).toThrow(NotFound);
  });

  it("the accepted answer is on page 1 under the question, and keeps its place on its own page", async () => {
    const { asker, thread, replies } = await longThread();
    const answer = replies[108]!; // position 110, page 3
    acceptAnswer(deps, asker, answer.id);
    const first = getThreadPage(deps, thread.id, null);
    expect(first.accepted).toMatchObject({ id: answer.id, position: 110 });
    expect(positions(first.replies)).toEqual(range(2, 51));
    expect(getThreadPage(deps, thread.id, null, { page: 2 }).accepted).toMatchObject({ id: answer.id });
    expect(getThreadPage(deps, thread.id, null, { page: 3 }).replies.map((post) => post.id)).toContain(answer.id);
    expect(locatePost(deps, answer.id, null)).toBe(`/t/${thread.id}/${thread.slug}#post-${answer.id}`);
  });

  it("a post's page follows its position, deleted posts keeping their place as placeholders", async () => {
    const { staff, thread, replies } = await longThread();
    deletePost(deps, staff, replies[60]!.id); // position 62
    const second = getThreadPage(deps, thread.id, null, { page: 2 });
    expect(positions(second.replies)).toEqual(range(52, 101));
    expect(second.replies.find((post) => post.position === 62)).toMatchObject({ deleted: true, bodyHtml: "" });
    expect(second.thread.replyCount).toBe(119);
    const path = `/t/${thread.id}/${thread.slug}`;
    expect(locatePost(deps, replies[0]!.id, null)).toBe(`${path}#post-${replies[0]!.id}`);
    expect(locatePost(deps, replies[49]!.id, null)).toBe(`${path}#post-${replies[49]!.id}`);
    expect(locatePost(deps, replies[50]!.id, null)).toBe(`${path}?page=2#post-${replies[50]!.id}`);
    expect(locatePost(deps, replies[60]!.id, null)).toBe(`${path}?page=2#post-${replies[60]!.id}`);
    expect(locatePost(deps, replies[119]!.id, null)).toBe(`${path}?page=3#post-${replies[119]!.id}`);
  });

  it("locating a post answers not found for a missing post and for a thread the viewer cannot read", async () => {
    const { thread, replies } = await longThread(1);
    expect(() => locatePost(deps, 987_654, null)).toThrow(NotFound);
    deps.db.update(schema.threads).set({ hidden: true }).where(eq(schema.threads.id, thread.id)).run();
    expect(() => locatePost(deps, replies[0]!.id, null)).toThrow(NotFound);
    const moderator = await makeUser(deps, { role: "moderator" });
    expect(locatePost(deps, replies[0]!.id, moderator)).toContain(`#post-${replies[0]!.id}`);
  });

  it("links between posts are anchors on the same page and go through /p/<id> across pages", async () => {
    const { staff, thread, replies } = await longThread();
    const near = replies[119]!; // page 3
    const far = replies[0]!; // page 1
    const quoting = createReply(deps, staff, thread.id, { body: `${quoteFor(deps, near.id, { threadId: thread.id })}${quoteFor(deps, far.id, { threadId: thread.id })}and [old style](#post-${far.id})` });
    const last = getThreadPage(deps, thread.id, null, { page: 3 }).replies.find((post) => post.id === quoting.id)!;
    expect(last.bodyHtml).toContain(`href="#post-${near.id}"`);
    expect(last.bodyHtml).toContain(`href="/p/${far.id}"`);
    expect(last.bodyHtml).not.toContain(`href="#post-${far.id}"`);
  });

  it("the JSON-LD of a later page keeps the accepted answer and the whole thread's answer count", async () => {
    const { asker, staff, thread, replies } = await longThread();
    acceptAnswer(deps, asker, replies[2]!.id);
    deletePost(deps, staff, replies[60]!.id);
    const jsonLd = qaPageJsonLd(getThreadPage(deps, thread.id, null, { page: 2 }), { publicUrl: "https://c.example" })!;
    expect(jsonLd.mainEntity.answerCount).toBe(119);
    expect(jsonLd.mainEntity.acceptedAnswer?.url).toBe(`https://c.example/t/${thread.id}/${thread.slug}#post-${replies[2]!.id}`);
    expect(jsonLd.mainEntity.suggestedAnswer).toHaveLength(49);
    expect(jsonLd.mainEntity.suggestedAnswer[0]!.url).toBe(`https://c.example/t/${thread.id}/${thread.slug}?page=2#post-${replies[50]!.id}`);
  });

  it("the widget still picks the most helpful answers from every page", async () => {
    const { thread, replies } = await longThread();
    const voter = await makeUser(deps);
    voteHelpful(deps, voter, replies[115]!.id);
    const answer = getWidgetAnswer(deps, thread.id);
    expect(answer.answers[0]).toMatchObject({ id: replies[115]!.id, helpfulCount: 1 });
    expect(answer.answers).toHaveLength(3);
    expect(answer.totalAnswers).toBe(120);
  });

  it("reads a page with the same few indexed statements whatever the thread's length (no N+1)", async () => {
    const { thread, replies } = await longThread();
    const { thread: short } = await longThread(2);
    const voter = await makeUser(deps);
    for (const reply of replies.slice(50, 70)) voteHelpful(deps, voter, reply.id);
    const long = statementsOf((db) => getThreadPage({ db }, thread.id, voter, { page: 2 }));
    expect(long.length).toBe(statementsOf((db) => getThreadPage({ db }, short.id, voter)).length);
    const inspect = new Database(deps.file, { readonly: true });
    const plans = long.flatMap((sql) => (inspect.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail));
    inspect.close();
    expect(plans.filter((line) => /^SCAN (posts|votes|users)\b/.test(line))).toEqual([]);
    expect(plans).toContain("SEARCH posts USING INDEX posts_thread_position_idx (thread_id=? AND position>? AND position<?)");
  });

  function statementsOf(read: (db: Db) => unknown): string[] {
    const statements: string[] = [];
    const sqlite = new Database(deps.file, { verbose: (sql) => statements.push(String(sql)) });
    try {
      read(drizzle(sqlite, { schema }) as Db);
    } finally {
      sqlite.close();
    }
    return statements;
  }
});

describe("community badges beside names on posts", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("each post names its author's highest of Helper and Expert; First accepted answer stays on the profile", async () => {
    const asker = await makeUser(deps);
    const [novice, helper, expert] = [await makeUser(deps), await makeUser(deps), await makeUser(deps)];
    const award = (userId: string, badge: string) => deps.db.insert(schema.badges).values({ userId, badge, awardedAt: deps.clock.now() }).run();
    award(novice.id, "first-accepted");
    award(helper.id, "first-accepted");
    award(helper.id, "helper");
    for (const badge of ["first-accepted", "helper", "expert"]) award(expert.id, badge);
    const thread = ask(deps, asker, makeCategory(deps.db));
    for (const author of [novice, helper, expert]) createReply(deps, author, thread.id, { body: `From ${author.handle}` });
    const page = getThreadPage(deps, thread.id, null);
    const badgeOf = (id: string) => page.replies.find((post) => post.authorId === id)!.author.communityBadge;
    expect([badgeOf(novice.id), badgeOf(helper.id), badgeOf(expert.id)]).toEqual([null, "Helper", "Expert"]);
    expect(page.question!.author.communityBadge).toBeNull();
  });
});
