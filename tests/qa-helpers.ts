import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { categories, meToo, posts, threads, users, votes, type Post, type User } from "@db/schema";
import type { AppDeps } from "~/context.server";
import { createReply } from "~/services/posts.server";
import { createThread } from "~/services/threads.server";
import { REPUTATION } from "~/utils/badges";
import type { ManualClock } from "~/utils/clock";

let categoryCounter = 0;

/** A category of its own for a test, with escalation after `minutes` (or the site default). */
export function makeCategory(db: Db, options: { minutes?: number | null; slug?: string } = {}) {
  categoryCounter += 1;
  const slug = options.slug ?? `cat-${process.pid}-${categoryCounter}`;
  return db
    .insert(categories)
    .values({ slug, name: `Category ${slug}`, escalateAfterMinutes: options.minutes ?? null, createdAt: new Date("2026-01-01T00:00:00Z") })
    .returning()
    .get();
}

let askCounter = 0;

/** A question; each one's details differ, so asking twice in a row is not refused as a repeat. */
export function ask(deps: Pick<AppDeps, "db" | "clock">, asker: User, category: { slug: string }, overrides: Record<string, unknown> = {}) {
  askCounter += 1;
  const body = `It blinks **red**, ${askCounter} times.`;
  return createThread(deps, asker, { category: category.slug, kind: "question", title: "How do I reset my router?", body, ...overrides });
}

/**
 * `count` threads titled "<title> 01", "<title> 02"… (oldest first), `everyMs` apart on the test's
 * clock: three minutes keeps a member under the posting limit, 0 asks them all at one instant.
 */
export function askMany(
  deps: { db: Db; clock: ManualClock },
  asker: User,
  category: { slug: string },
  count: number,
  { title = "Thread", everyMs = 3 * 60_000, ...overrides }: { title?: string; everyMs?: number } & Record<string, unknown> = {},
) {
  return Array.from({ length: count }, (_, i) => {
    deps.clock.advance(everyMs);
    return ask(deps, asker, category, { ...overrides, title: `${title} ${String(i + 1).padStart(2, "0")}` });
  });
}

/** `count` replies "Reply 1", "Reply 2"… in position order; a staff author skips the posting limit. */
export function replyMany(deps: Pick<AppDeps, "db" | "clock"> & { env: { PUBLIC_URL: string } }, author: User, threadId: number, count: number): Post[] {
  return Array.from({ length: count }, (_, i) => createReply(deps, author, threadId, { body: `Reply ${i + 1}` }));
}

const n = (value: unknown) => Number(value ?? 0);

/**
 * Every stored counter recomputed from the rows it counts; a test compares this to what the
 * services kept, so any drift (a missed increment, a double decrement) fails loudly.
 */
export function expectedCounters(db: Db) {
  const threadRows = db.select().from(threads).all().map((thread) => {
    const live = and(eq(posts.threadId, thread.id), gt(posts.position, 1), isNull(posts.deletedAt));
    const replies = n(db.select({ c: sql`count(*)` }).from(posts).where(live).get()?.c);
    const voteTotal = n(db.select({ c: sql`count(*)` }).from(votes).innerJoin(posts, eq(posts.id, votes.postId)).where(live).get()?.c);
    const responses = n(db.select({ c: sql`count(*)` }).from(posts).where(and(live, ne(posts.authorId, thread.authorId))).get()?.c);
    const staff = n(db.select({ c: sql`count(*)` }).from(posts).where(and(live, ne(posts.authorRole, "member"))).get()?.c);
    const meTooTotal = n(db.select({ c: sql`count(*)` }).from(meToo).where(eq(meToo.threadId, thread.id)).get()?.c);
    return {
      id: thread.id,
      replyCount: replies,
      voteCount: voteTotal,
      meTooCount: meTooTotal,
      hasStaffReply: staff > 0,
      status: thread.acceptedPostId ? "solved" : responses > 0 ? "answered" : "open",
    };
  });
  const postRows = db.select({ id: posts.id }).from(posts).all().map((post) => ({
    id: post.id,
    helpfulCount: n(db.select({ c: sql`count(*)` }).from(votes).where(eq(votes.postId, post.id)).get()?.c),
  }));
  const userRows = db.select().from(users).all().map((user) => {
    const helpful = n(
      db.select({ c: sql`count(*)` }).from(votes).innerJoin(posts, eq(posts.id, votes.postId))
        .where(and(eq(posts.authorId, user.id), isNull(posts.deletedAt))).get()?.c,
    );
    const accepted = n(
      db.select({ c: sql`count(*)` }).from(threads).innerJoin(posts, eq(posts.id, threads.acceptedPostId))
        .where(and(eq(posts.authorId, user.id), ne(threads.authorId, user.id), isNull(posts.deletedAt))).get()?.c,
    );
    const answers = n(
      db.select({ c: sql`count(*)` }).from(posts).innerJoin(threads, eq(threads.id, posts.threadId))
        .where(and(eq(posts.authorId, user.id), gt(posts.position, 1), isNull(posts.deletedAt), ne(threads.authorId, user.id))).get()?.c,
    );
    return { id: user.id, reputation: REPUTATION.helpful * helpful + REPUTATION.accepted * accepted, acceptedCount: accepted, answerCount: answers };
  });
  const categoryRows = db.select({ id: categories.id }).from(categories).all().map((category) => ({
    id: category.id,
    threadCount: n(
      db.select({ c: sql`count(*)` }).from(threads).innerJoin(posts, and(eq(posts.threadId, threads.id), eq(posts.position, 1)))
        .where(and(eq(threads.categoryId, category.id), isNull(posts.deletedAt))).get()?.c,
    ),
  }));
  return byId({ threads: threadRows, posts: postRows, users: userRows, categories: categoryRows });
}

function byId<T extends Record<string, { id: number | string }[]>>(tables: T): T {
  for (const rows of Object.values(tables)) rows.sort((a, b) => String(a.id).localeCompare(String(b.id), "en", { numeric: true }));
  return tables;
}

/** The counters as stored, in the same shape as expectedCounters. */
export function storedCounters(db: Db) {
  return byId({
    threads: db.select().from(threads).all().map((t) => ({
      id: t.id, replyCount: t.replyCount, voteCount: t.voteCount, meTooCount: t.meTooCount, hasStaffReply: t.hasStaffReply, status: t.status,
    })),
    posts: db.select({ id: posts.id, helpfulCount: posts.helpfulCount }).from(posts).all(),
    users: db.select({ id: users.id, reputation: users.reputation, acceptedCount: users.acceptedCount, answerCount: users.answerCount }).from(users).all(),
    categories: db.select({ id: categories.id, threadCount: categories.threadCount }).from(categories).all(),
  });
}

export function snapshot(db: Db) {
  const tables = ["threads", "posts", "votes", "me_too", "follows", "notifications", "post_revisions", "badges", "users", "categories", "jobs"];
  return Object.fromEntries(tables.map((table) => [table, db.$client.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()]));
}
