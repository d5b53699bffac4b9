import { and, asc, desc, eq, gt, inArray, isNull, lte, max, sql } from "drizzle-orm";
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
    ? db.select({ threadId: posts.threadId, bodyHtml: sql<string>`CASE WHEN ${posts.hiddenAt} IS NULL THEN ${posts.bodyHtml} ELSE '' END` }).from(posts).where(and(inArray(posts.threadId, rows.map((r) => r.id)), eq(posts.position, 1))).all()
    : [];
  const bodyByThread = new Map(bodies.map((body) => [body.threadId, body.bodyHtml]));
  return rows.map((row) => ({ ...row, bodyHtml: bodyByThread.get(row.id) ?? "" }));
}

/**
 * How many thread sitemaps /sitemap.xml lists. Thread ids are cut into fixed blocks of `size`
 * (the protocol's limit per file), so a block's URL always lists the same threads and each is
 * read by a rowid range, however large the community grows.
 */
export function countThreadSitemaps({ db }: { db: Db }, size = SITEMAP_MAX): number {
  const maxId = db.select({ maxId: max(threads.id) }).from(threads).get()?.maxId ?? 0;
  return Math.max(1, Math.ceil(maxId / size));
}

/**
 * The visible threads of one block (1-based), in id order, for /sitemaps/threads-<block>.xml;
 * duplicates are left to their canonical thread, which their pages name as canonical.
 */
export function listSitemapThreads({ db }: { db: Db }, block: number, size = SITEMAP_MAX) {
  return db
    .select({ id: threads.id, slug: threads.slug, lastActivityAt: threads.lastActivityAt })
    .from(threads)
    .where(and(gt(threads.id, (block - 1) * size), lte(threads.id, block * size), eq(threads.hidden, false), isNull(threads.duplicateOfId)))
    .orderBy(asc(threads.id))
    .all();
}

export function listSitemapCategories({ db }: { db: Db }) {
  return db.select({ slug: categories.slug }).from(categories).orderBy(asc(categories.position), asc(categories.id)).all();
}
