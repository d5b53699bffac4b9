import { and, asc, desc, eq, gt, isNull, ne } from "drizzle-orm";
import type { SearchIndex } from "@search/types";
import type { Db } from "@db/client.server";
import { categories, posts, threads, type Post } from "@db/schema";
import { searchForApi } from "./search.server";
import { findVisibleThread } from "./thread-access.server";
import { presenter } from "./thread-page.server";

const TOP_ANSWERS = 3;

/** Category slug → id, or null when the brand named a category that does not exist. */
export function findCategoryId({ db }: { db: Db }, slug: string | undefined): number | null {
  if (!slug) return null;
  return db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).get()?.id ?? null;
}

/**
 * The solved threads a widget shows before anything is typed: in the brand's category when it
 * names one, most voted and "me too"-ed first, so the common problems lead.
 */
export function listPopularSolved({ db }: { db: Db }, options: { categoryId: number | null; limit?: number }) {
  // "solved" means an answer is accepted (thread-state.server.ts), so status alone selects them.
  const conditions = [eq(threads.hidden, false), eq(threads.status, "solved")];
  if (options.categoryId !== null) conditions.push(eq(threads.categoryId, options.categoryId));
  return db
    .select({ id: threads.id, slug: threads.slug, title: threads.title, replyCount: threads.replyCount })
    .from(threads)
    .where(and(...conditions))
    .orderBy(desc(threads.voteCount), desc(threads.meTooCount), desc(threads.replyCount), desc(threads.id))
    .limit(options.limit ?? 6)
    .all();
}

/**
 * What the widget's answer view shows of a thread, read as a guest: the question, the accepted
 * answer, and the few most helpful other answers. Hidden and deleted threads are not found.
 */
export function getWidgetAnswer({ db }: { db: Db }, threadId: number) {
  const thread = findVisibleThread(db, threadId, null);
  const category = db.select({ slug: categories.slug, name: categories.name }).from(categories).where(eq(categories.id, thread.categoryId)).get()!;
  const live = and(eq(posts.threadId, threadId), isNull(posts.deletedAt), isNull(posts.hiddenAt));
  const question = db.select().from(posts).where(and(live, eq(posts.position, 1))).get();
  const accepted = thread.acceptedPostId ? db.select().from(posts).where(and(live, eq(posts.id, thread.acceptedPostId))).get() : undefined;
  const others = db
    .select()
    .from(posts)
    .where(and(live, gt(posts.position, 1), ...(accepted ? [ne(posts.id, accepted.id)] : [])))
    .orderBy(desc(posts.helpfulCount), asc(posts.position))
    .limit(TOP_ANSWERS)
    .all();
  const present = presenter(db, [question, accepted, ...others]);
  const view = (post: Post) => {
    const shown = present(post);
    return { id: shown.id, bodyHtml: shown.bodyHtml, author: shown.author.displayName, official: shown.official, helpfulCount: shown.helpfulCount, createdAt: shown.createdAt };
  };
  return {
    thread: { id: thread.id, slug: thread.slug, title: thread.title, status: thread.status },
    category,
    question: question ? view(question) : null,
    accepted: accepted ? view(accepted) : null,
    answers: others.map(view),
    totalAnswers: thread.replyCount,
  };
}

export type WidgetAnswer = ReturnType<typeof getWidgetAnswer>;

const SEARCH_RESULTS = 8;

/**
 * The site's search (issue 5's engine, through searchForApi), favouring the brand's category:
 * its threads come first, the rest follow, so a question the brand did not foresee still finds
 * its answer. An engine that is down gives `ok: false`, never an error page.
 */
export async function searchForWidget(
  deps: { db: Db; search: SearchIndex },
  { query, category }: { query: string; category?: string },
) {
  const found = await searchForApi(deps, { q: query, limit: 20 });
  if (!found.ok) return { ok: false as const, results: [] };
  const hits = found.result.hits;
  const favoured = category ? [...hits.filter((hit) => hit.category === category), ...hits.filter((hit) => hit.category !== category)] : hits;
  return {
    ok: true as const,
    results: favoured.slice(0, SEARCH_RESULTS).map((hit) => ({
      id: hit.id,
      title: hit.title,
      titleMarked: hit.titleMarked,
      snippet: hit.snippet,
      solved: hit.solved,
    })),
  };
}
