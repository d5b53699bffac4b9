import { and, desc, eq } from "drizzle-orm";
import type { SearchIndex } from "@search/types";
import type { Db } from "@db/client.server";
import { categories, threads } from "@db/schema";
import { searchForApi } from "./search.server";
import { getThreadPage } from "./thread-page.server";

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
  const page = getThreadPage({ db }, threadId, null);
  const [question, ...answers] = page.posts.filter((post) => !post.deleted);
  const view = (post: (typeof page.posts)[number]) => ({
    id: post.id,
    bodyHtml: post.bodyHtml,
    author: post.author.displayName,
    official: post.official,
    helpfulCount: post.helpfulCount,
    createdAt: post.createdAt,
  });
  const accepted = answers.find((post) => post.id === page.thread.acceptedPostId);
  const others = answers
    .filter((post) => post !== accepted)
    .sort((a, b) => b.helpfulCount - a.helpfulCount || a.position - b.position)
    .slice(0, TOP_ANSWERS);
  return {
    thread: { id: page.thread.id, slug: page.thread.slug, title: page.thread.title, status: page.thread.status },
    category: { slug: page.category.slug, name: page.category.name },
    question: question && question.position === 1 ? view(question) : null,
    accepted: accepted ? view(accepted) : null,
    answers: others.map(view),
    totalAnswers: answers.length,
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
