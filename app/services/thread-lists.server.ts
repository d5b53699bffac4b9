import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { categories, threads, users, type ThreadKind } from "@db/schema";
import type { ThreadFilter } from "~/domain/threads";
import { listPlaceholders, listValues, preparedQuery } from "~/utils/prepared-queries.server";
import { keptWhileUnchanged, LIST_SCOPES } from "./page-versions.server";

export const PAGE_SIZE = 20;
const MAX_PINNED = 10;

export interface ThreadListOptions {
  categoryId?: number;
  /** latest: everything; unanswered: nobody but the asker has posted; solved: an answer is accepted. */
  filter?: ThreadFilter;
  kind?: ThreadKind;
  /** Keyset cursor: the last row of the previous page, as "lastActivityMs:id". */
  after?: string;
  limit?: number;
}

export type ThreadRow = Awaited<ReturnType<typeof listThreads>>["rows"][number];

function parseCursor(cursor: string | undefined): { at: Date; id: number } | null {
  const match = cursor?.match(/^(\d+):(\d+)$/);
  return match ? { at: new Date(Number(match[1])), id: Number(match[2]) } : null;
}

/**
 * Visible threads, most recent activity first, one page at a time. Keyset pagination keeps
 * deep pages as cheap as the first on a large forum. First pages, the ones nearly every visitor
 * opens, are kept until a write changes some list (frozen: they are shared); deeper ones are read.
 */
export function listThreads({ db }: { db: Db }, options: ThreadListOptions = {}) {
  if (options.after) return readThreadList({ db }, options);
  const { categoryId, filter, kind, limit } = options;
  return keptWhileUnchanged({ db }, LIST_SCOPES, `threads:${categoryId}:${filter}:${kind}:${limit}`, () => readThreadList({ db }, options));
}

function readThreadList({ db }: { db: Db }, options: ThreadListOptions) {
  const limit = options.limit ?? PAGE_SIZE;
  const filter = options.filter ?? "latest";
  // The plain latest list leads with pinned threads (page 1 only) and leaves them out below.
  const pinnedFirst = filter === "latest" && !options.kind;
  const inCategory = options.categoryId !== undefined;
  const cursor = parseCursor(options.after);
  const columns = {
    id: threads.id,
    slug: threads.slug,
    title: threads.title,
    kind: threads.kind,
    status: threads.status,
    replyCount: threads.replyCount,
    voteCount: threads.voteCount,
    meTooCount: threads.meTooCount,
    hasStaffReply: threads.hasStaffReply,
    pinned: threads.pinned,
    lastActivityAt: threads.lastActivityAt,
    createdAt: threads.createdAt,
    categoryId: threads.categoryId,
    authorId: threads.authorId,
  };
  // A few at most, through threads_pinned_idx.
  const pinned =
    pinnedFirst && !cursor
      ? preparedQuery(db, `pinnedThreads:${inCategory}`, () =>
          db
            .select({ ...columns, hidden: threads.hidden })
            .from(threads)
            // A literal 1, not a bound parameter: only then may SQLite use the partial index.
            .where(and(sql`${threads.pinned} = 1`, ...(inCategory ? [eq(threads.categoryId, sql.placeholder("categoryId"))] : [])))
            .prepare(),
        )
          .all({ categoryId: options.categoryId })
          // Sorted and filtered here, on the few rows: an ORDER BY or a condition on `hidden` draws
          // the planner to a full index instead of this small partial one.
          .flatMap(({ hidden, ...row }) => (hidden ? [] : [row]))
          .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime())
          .slice(0, MAX_PINNED)
      : [];
  // One prepared query per combination of options (a handful), their values bound at each call.
  const rows = preparedQuery(db, `threadList:${inCategory}:${filter}:${!!options.kind}:${!!cursor}`, () => {
    const conditions: SQL[] = [eq(threads.hidden, false)];
    if (inCategory) conditions.push(eq(threads.categoryId, sql.placeholder("categoryId")));
    if (filter === "unanswered") conditions.push(eq(threads.status, "open"));
    if (filter === "solved") conditions.push(eq(threads.status, "solved"));
    if (options.kind) conditions.push(eq(threads.kind, sql.placeholder("kind")));
    if (pinnedFirst) conditions.push(eq(threads.pinned, false));
    if (cursor) {
      const at = sql.placeholder("at");
      conditions.push(or(lt(threads.lastActivityAt, at), and(eq(threads.lastActivityAt, at), lt(threads.id, sql.placeholder("id"))))!);
    }
    return db
      .select(columns)
      .from(threads)
      .where(and(...conditions))
      .orderBy(desc(threads.lastActivityAt), desc(threads.id))
      .limit(sql.placeholder("limit"))
      .prepare();
  }).all({
    categoryId: options.categoryId,
    kind: options.kind,
    // Placeholders skip the column's own encoding: the cursor's moment is encoded here.
    at: cursor ? threads.lastActivityAt.mapToDriverValue(cursor.at) : undefined,
    id: cursor?.id,
    limit: limit + 1,
  });
  const page = [...pinned, ...rows.slice(0, limit)];
  const last = rows[Math.min(rows.length, limit) - 1];
  // Authors and categories of the page in two queries, not one per row.
  const authorIds = [...new Set(page.map((row) => row.authorId))];
  const categoryIds = [...new Set(page.map((row) => row.categoryId))];
  const authors = authorIds.length
    ? preparedQuery(db, `listAuthors:${authorIds.length}`, () =>
        db
          .select({ id: users.id, handle: users.handle, displayName: users.displayName, avatarMediaId: users.avatarMediaId })
          .from(users)
          .where(inArray(users.id, listPlaceholders("u", authorIds.length)))
          .prepare(),
      ).all(listValues("u", authorIds))
    : [];
  const cats = categoryIds.length
    ? preparedQuery(db, `listCategories:${categoryIds.length}`, () =>
        db
          .select({ id: categories.id, slug: categories.slug, name: categories.name })
          .from(categories)
          .where(inArray(categories.id, listPlaceholders("c", categoryIds.length)))
          .prepare(),
      ).all(listValues("c", categoryIds))
    : [];
  const authorById = new Map(authors.map((a) => [a.id, a]));
  const categoryById = new Map(cats.map((c) => [c.id, c]));
  return {
    rows: page.map((row) => ({ ...row, author: authorById.get(row.authorId)!, category: categoryById.get(row.categoryId)! })),
    nextCursor: rows.length > limit && last ? `${last.lastActivityAt.getTime()}:${last.id}` : null,
  };
}

/**
 * A listing's rows with only what ThreadList draws: loader data is written into the page a second
 * time for hydration, and the rows' dates of creation, ids of author and category were serialized
 * for no reader (issue 14: the home page's loader data was ~6 % of a member's request).
 */
export function threadListItems(list: ReturnType<typeof listThreads>) {
  return {
    rows: list.rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      kind: row.kind,
      status: row.status,
      replyCount: row.replyCount,
      voteCount: row.voteCount,
      meTooCount: row.meTooCount,
      hasStaffReply: row.hasStaffReply,
      pinned: row.pinned,
      lastActivityAt: row.lastActivityAt,
      author: row.author,
      category: { slug: row.category.slug, name: row.category.name },
    })),
    nextCursor: list.nextCursor,
  };
}
