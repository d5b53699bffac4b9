import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { categories, posts, threads, users } from "@db/schema";

const FEED_SIZE = 30;
// The sitemap protocol's limit for one file.
export const SITEMAP_MAX = 50_000;

/** The newest visible threads (ids grow with time), each with its question, for Atom feeds. */
export function listFeedEntries({ db }: { db: Db }, { categoryId }: { categoryId?: number } = {}) {
  const conditions = [eq(threads.hidden, false)];
  if (categoryId !== undefined) conditions.push(eq(threads.categoryId, categoryId));
  const rows = db
    .select({
      id: threads.id,
      slug: threads.slug,
      title: threads.title,
      kind: threads.kind,
      createdAt: threads.createdAt,
      lastActivityAt: threads.lastActivityAt,
      authorName: users.displayName,
      authorHandle: users.handle,
    })
    .from(threads)
    .innerJoin(users, eq(users.id, threads.authorId))
    .where(and(...conditions))
    .orderBy(desc(threads.id))
    .limit(FEED_SIZE)
    .all();
  const bodies = rows.length
    ? db.select({ threadId: posts.threadId, bodyHtml: posts.bodyHtml }).from(posts).where(and(inArray(posts.threadId, rows.map((r) => r.id)), eq(posts.position, 1))).all()
    : [];
  const bodyByThread = new Map(bodies.map((body) => [body.threadId, body.bodyHtml]));
  return rows.map((row) => ({ ...row, bodyHtml: bodyByThread.get(row.id) ?? "" }));
}

/** Every visible thread and category, for /sitemap.xml. */
export function listSitemapEntries({ db }: { db: Db }) {
  return {
    categories: db.select({ slug: categories.slug, createdAt: categories.createdAt }).from(categories).all(),
    threads: db
      .select({ id: threads.id, slug: threads.slug, lastActivityAt: threads.lastActivityAt })
      .from(threads)
      .where(eq(threads.hidden, false))
      .orderBy(desc(threads.lastActivityAt))
      .limit(SITEMAP_MAX)
      .all(),
  };
}
