// The Meilisearch engine, through the official client. Documents carry the same fields as the
// FTS5 tables; settings mirror FTS5's field weights and add ranking rules for solved and helpful.
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type Hit,
  type SearchParams,
  type Settings,
} from "meilisearch";
import { normalizeQuery, queryTerms, significantTerms, STOP_WORDS } from "./query";
import {
  DEFAULT_LIMIT,
  HIGHLIGHT_POST,
  HIGHLIGHT_PRE,
  MAX_LIMIT,
  SearchUnavailable,
  type IndexBuild,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
  type SynonymGroups,
} from "./types";

export const MEILI_SETTINGS = {
  // Same order of importance as the FTS5 weights; the `attribute` rule ranks by it.
  searchableAttributes: ["title", "accepted", "question", "answers"],
  filterableAttributes: ["category", "kind", "status", "solved", "hasStaffAnswer"],
  sortableAttributes: ["created", "votes"],
  rankingRules: ["words", "typo", "proximity", "attribute", "sort", "solved:desc", "votes:desc", "exactness"],
  // The same edits as FTS5 allows (search/vocabulary.ts typoBudget): 1 from 4 letters, 2 from 8.
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
  // Ignored in queries and never highlighted, as on FTS5.
  stopWords: [...STOP_WORDS],
} satisfies Settings;

/**
 * Meilisearch's synonyms setting from our groups: every member lists all the others, which makes
 * the group work in every direction (a word in two groups lists the members of both).
 */
export function toMeiliSynonyms(groups: SynonymGroups): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const group of groups) {
    const members = [...new Set(group.map((member) => member.trim().toLowerCase()).filter(Boolean))];
    for (const member of members) {
      const others = members.filter((other) => other !== member);
      if (others.length) synonyms[member] = [...new Set([...(synonyms[member] ?? []), ...others])];
    }
  }
  return synonyms;
}

const SNIPPET_FIELDS = ["accepted", "question", "answers"] as const;
const CROP_WORDS = 24;
const BATCH = 1000;

/** What Meilisearch stores: `solved` is a number so a ranking rule can sort on it. */
type MeiliDocument = Omit<SearchDocument, "solved"> & { solved: 0 | 1 };

function toMeili(doc: SearchDocument): MeiliDocument {
  return { ...doc, solved: doc.solved ? 1 : 0 };
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Meilisearch's filter expression syntax: `attribute = "value"` joined by AND. */
export function toFilter(query: SearchQuery): string | undefined {
  const parts: string[] = [];
  if (query.category) parts.push(`category = ${quote(query.category)}`);
  if (query.kind) parts.push(`kind = ${quote(query.kind)}`);
  if (query.solvedOnly) parts.push("solved = 1");
  return parts.length ? parts.join(" AND ") : undefined;
}

function toSort(query: SearchQuery): string[] | undefined {
  if (query.sort === "newest") return ["created:desc"];
  if (query.sort === "helpful") return ["votes:desc", "created:desc"];
  return undefined;
}

function toHit(hit: Hit<MeiliDocument>): SearchHit {
  const formatted = (hit._formatted ?? {}) as Partial<Record<keyof MeiliDocument, string>>;
  const snippets = SNIPPET_FIELDS.map((field) => formatted[field]).filter((s): s is string => !!s);
  return {
    id: hit.id,
    slug: hit.slug,
    title: hit.title,
    titleMarked: formatted.title ?? hit.title,
    snippet: snippets.find((s) => s.includes(HIGHLIGHT_PRE)) ?? formatted.question ?? "",
    category: hit.category,
    categoryName: hit.categoryName,
    kind: hit.kind,
    status: hit.status,
    solved: hit.solved === 1,
    hasStaffAnswer: hit.hasStaffAnswer,
    votes: hit.votes,
    created: hit.created,
  };
}

/**
 * Network failures, timeouts and server errors mean "down for now", and so does a missing index (a
 * server that lost its data, until the index check refills it); any other 4xx is our bug and surfaces.
 */
function unavailable(error: unknown): unknown {
  if (
    error instanceof MeilisearchRequestError ||
    error instanceof MeilisearchRequestTimeOutError ||
    error instanceof MeilisearchTaskTimeOutError ||
    (error instanceof MeilisearchApiError && (error.response.status >= 500 || error.cause?.code === "index_not_found"))
  ) {
    return new SearchUnavailable("Search is briefly unavailable.", { cause: error });
  }
  return error;
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw unavailable(error);
  }
}

/** Waits for an enqueued task; a task that failed is an error (the client resolves it either way). */
async function settle(task: EnqueuedTaskPromise): Promise<void> {
  const done = await task.waitTask();
  if (done.status !== "succeeded") {
    throw new Error(`Meilisearch task ${done.uid} ${done.status}: ${done.error?.message ?? "no reason given"}`);
  }
}

export interface MeilisearchOptions {
  host: string;
  apiKey?: string;
  indexUid: string;
  /** Per HTTP request; a search that takes longer counts as unavailable. */
  timeoutMs?: number;
  taskTimeoutMs?: number;
  taskIntervalMs?: number;
}

export function createMeilisearchIndex(options: MeilisearchOptions): SearchIndex {
  const client = new Meilisearch({
    host: options.host,
    apiKey: options.apiKey,
    timeout: options.timeoutMs ?? 5000,
    defaultWaitOptions: { timeout: options.taskTimeoutMs ?? 60_000, interval: options.taskIntervalMs ?? 50 },
  });
  const uid = options.indexUid;
  let synonyms: Record<string, string[]> = {};

  async function ensureIndex(indexUid: string): Promise<void> {
    try {
      await client.getRawIndex(indexUid);
    } catch (error) {
      if (!(error instanceof MeilisearchApiError && error.response.status === 404)) throw error;
      await settle(client.createIndex(indexUid, { primaryKey: "id" }));
    }
    await settle(client.index(indexUid).updateSettings({ ...MEILI_SETTINGS, synonyms }));
  }

  async function addDocuments(indexUid: string, documents: SearchDocument[]): Promise<void> {
    for (let at = 0; at < documents.length; at += BATCH) {
      await settle(client.index(indexUid).addDocuments(documents.slice(at, at + BATCH).map(toMeili), { primaryKey: "id" }));
    }
  }

  async function query(params: SearchParams & { q: string }): Promise<SearchResult> {
    const response = await guard(() =>
      client.index<MeiliDocument>(uid).search(params.q, {
        ...params,
        attributesToHighlight: ["title", ...SNIPPET_FIELDS],
        attributesToCrop: [...SNIPPET_FIELDS],
        cropLength: CROP_WORDS,
        cropMarker: "…",
        highlightPreTag: HIGHLIGHT_PRE,
        highlightPostTag: HIGHLIGHT_POST,
      }),
    );
    // In offset/limit mode Meilisearch estimates the total; it is exact for the page sizes we use.
    return {
      hits: response.hits.map(toHit),
      total: response.estimatedTotalHits ?? response.hits.length,
      exhaustive: true,
      matched: params.matchingStrategy === "all" ? "all" : "some",
    };
  }

  return {
    engine: "meilisearch",
    setup: () => guard(() => ensureIndex(uid)),
    upsert: (documents) => guard(() => addDocuments(uid, documents)),
    async delete(threadIds) {
      if (threadIds.length) await guard(() => settle(client.index(uid).deleteDocuments(threadIds)));
    },
    async search(search) {
      const q = normalizeQuery(search.q);
      const terms = queryTerms(q);
      if (terms.length === 0) return { hits: [], total: 0, exhaustive: true, matched: "all" };
      const params = {
        q,
        filter: toFilter(search),
        sort: toSort(search),
        limit: Math.min(MAX_LIMIT, Math.max(1, Math.floor(search.limit ?? DEFAULT_LIMIT))),
        offset: Math.max(0, search.offset ?? 0),
      };
      // Every word first; when nothing has them all, "frequency" drops the commonest words first.
      const all = await query({ ...params, matchingStrategy: "all" });
      if (all.total > 0 || terms.length === 1) return all;
      return query({ ...params, matchingStrategy: "frequency" });
    },
    async similar(title, limit) {
      const terms = significantTerms(normalizeQuery(title));
      if (terms.length === 0) return [];
      // All words first, then fewer, each in relevance order: solved is a badge, not a re-sort.
      const q = terms.join(" ");
      const { hits } = await query({ q, limit, matchingStrategy: "all" });
      if (hits.length >= limit) return hits;
      const seen = new Set(hits.map((hit) => hit.id));
      const more = await query({ q, limit, matchingStrategy: "frequency" });
      return [...hits, ...more.hits.filter((hit) => !seen.has(hit.id))].slice(0, limit);
    },
    async setSynonyms(groups) {
      synonyms = toMeiliSynonyms(groups);
      await guard(() => settle(client.index(uid).updateSettings({ synonyms })));
    },
    count: () =>
      guard(async () => {
        try {
          return (await client.index(uid).getStats()).numberOfDocuments;
        } catch (error) {
          // A server that lost its data has no index: it holds nothing, which reconciling repairs.
          if (error instanceof MeilisearchApiError && error.response.status === 404) return 0;
          throw error;
        }
      }),
    async startBuild(): Promise<IndexBuild> {
      const next = `${uid}_rebuild_${Date.now()}`;
      await guard(async () => {
        await ensureIndex(uid);
        await ensureIndex(next);
      });
      return {
        add: (documents) => guard(() => addDocuments(next, documents)),
        // swap-indexes is atomic: searches see the old index until the new one takes its name.
        commit: () =>
          guard(async () => {
            await settle(client.swapIndexes([{ indexes: [uid, next], rename: false }]));
            await settle(client.deleteIndex(next));
          }),
        abort: () => guard(async () => void (await client.deleteIndexIfExists(next))),
      };
    },
    async healthy() {
      return client.isHealthy();
    },
    close() {},
  };
}
