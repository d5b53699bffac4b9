import { isSearchUnavailable, type SearchHit, type SearchIndex, type SearchResult } from "@search/types";
import type { SimilarThread } from "~/domain/threads";
import type { Db } from "@db/client.server";
import type { Clock } from "~/utils/clock";
import { type SearchApiQuery, type SearchPageQuery } from "~/schemas/search.server";
import { highlightToHtml, SEARCH_PAGE_SIZE, stripHighlight } from "~/domain/search";
import { listCategories } from "./categories.server";
import { suggestionLink } from "~/utils/ask-links";
import { recordSuggestionsShown } from "./ask-sessions.server";
import { getSettings } from "./settings.server";
import { threadPagePath } from "~/utils/post-paths";

interface Deps {
  db: Db;
  search: SearchIndex;
}

export type SearchOutcome = { ok: true; result: SearchResult } | { ok: false; reason: "unavailable" };

// The synonyms each engine object last received. Every process (and test app) has its own engine
// object, so a change saved by any process reaches each one on its next search.
const appliedSynonyms = new WeakMap<SearchIndex, string>();

/** Hands the admins' synonym groups to the engine when they differ from what it last received. */
async function applySynonyms(deps: Deps): Promise<void> {
  const groups = getSettings(deps).searchSynonyms;
  const key = JSON.stringify(groups);
  if (appliedSynonyms.get(deps.search) === key) return;
  await deps.search.setSynonyms(groups);
  appliedSynonyms.set(deps.search, key);
}

async function outcome(deps: Deps, work: () => Promise<SearchResult>): Promise<SearchOutcome> {
  try {
    await applySynonyms(deps);
    return { ok: true, result: await work() };
  } catch (error) {
    if (isSearchUnavailable(error)) return { ok: false, reason: "unavailable" };
    throw error;
  }
}

/** The search page: a page of results (or word that the engine is down) and the categories to filter by. */
export async function searchForPage(deps: Deps, query: SearchPageQuery) {
  const categories = listCategories(deps).map(({ slug, name }) => ({ slug, name }));
  const found = await outcome(deps, () =>
    deps.search.search({
      q: query.q,
      category: query.category,
      kind: query.kind,
      solvedOnly: query.solved,
      sort: query.sort,
      limit: SEARCH_PAGE_SIZE,
      offset: (query.page - 1) * SEARCH_PAGE_SIZE,
      prefix: query.typing,
    }),
  );
  return { categories, found };
}

/** The widget's search: the same engine, fewer fields. */
export function searchForApi(deps: Deps, query: SearchApiQuery): Promise<SearchOutcome> {
  return outcome(deps, () =>
    // The widget searches as its visitor types.
    deps.search.search({ q: query.q, category: query.category, kind: query.kind, solvedOnly: query.solved, limit: query.limit, prefix: true }),
  );
}

/** The search API's answer for a query that was searched: the JSON body, with absolute thread addresses under `base`. */
export function searchApiBody(query: SearchApiQuery, result: SearchResult, base: string) {
  return {
    query: query.q,
    total: result.total,
    matched: result.matched,
    ...(result.correctedQuery ? { correctedQuery: result.correctedQuery } : {}),
    results: result.hits.map((hit) => ({
      id: hit.id,
      title: hit.title,
      titleHtml: highlightToHtml(hit.titleMarked),
      snippet: stripHighlight(hit.snippet),
      snippetHtml: highlightToHtml(hit.snippet),
      url: `${base}${threadPagePath(hit)}`,
      category: hit.category,
      kind: hit.kind,
      solved: hit.solved,
      hasStaffAnswer: hit.hasStaffAnswer,
      votes: hit.votes,
    })),
  };
}

export const SIMILAR_LIMIT = 5;

/**
 * The threads most like a title being typed on the ask page, most relevant first. Showing any in an ask
 * session issued to this member records them and counts the visit for the deflection figure; only
 * then do the links go through the opening counter. An engine that is down shows nothing.
 */
export async function suggestSimilarThreads(
  deps: Deps & { clock: Clock },
  { title, askSessionId, userId }: { title: string; askSessionId?: string; userId?: string | null },
): Promise<SimilarThread[]> {
  if (title.trim().length < 3) return [];
  let hits: SearchHit[];
  try {
    await applySynonyms(deps);
    hits = await deps.search.similar(title, SIMILAR_LIMIT);
  } catch (error) {
    if (isSearchUnavailable(error)) return [];
    throw error;
  }
  const tracked =
    hits.length > 0 &&
    askSessionId !== undefined &&
    recordSuggestionsShown(deps, { sessionId: askSessionId, userId: userId ?? null, threadIds: hits.map((hit) => hit.id) });
  return hits.map((hit) => ({
    id: hit.id,
    title: hit.title,
    solved: hit.solved,
    hasStaffAnswer: hit.hasStaffAnswer,
    href: suggestionLink(hit, tracked ? askSessionId : undefined),
  }));
}
