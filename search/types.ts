import type { ThreadKind, ThreadStatus } from "@db/schema";
import type { SEARCH_SORTS } from "../app/domain/search";

/** One visible thread as the engines index it; bodies are plain text, already bounded in length. */
export interface SearchDocument {
  id: number;
  slug: string;
  title: string;
  question: string;
  accepted: string;
  answers: string;
  category: string;
  categoryName: string;
  kind: ThreadKind;
  status: ThreadStatus;
  solved: boolean;
  hasStaffAnswer: boolean;
  votes: number;
  meToo: number;
  /** Epoch milliseconds. */
  created: number;
  lastActivity: number;
}

export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchQuery {
  q: string;
  category?: string;
  kind?: ThreadKind;
  solvedOnly?: boolean;
  sort?: SearchSort;
  limit?: number;
  offset?: number;
  /** The person is still typing: the last word also matches as a prefix. */
  prefix?: boolean;
}

/**
 * A result. `titleMarked` and `snippet` carry the engine's highlights between HIGHLIGHT_PRE and
 * HIGHLIGHT_POST; the rest of their text is raw and must be escaped when shown.
 */
export interface SearchHit
  extends Pick<SearchDocument, "id" | "slug" | "title" | "category" | "categoryName" | "kind" | "status" | "solved" | "hasStaffAnswer" | "votes" | "created"> {
  titleMarked: string;
  snippet: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matching threads; a lower bound when `exhaustive` is false. */
  total: number;
  exhaustive: boolean;
  /** "all": every word (or its synonym or correction) matched; "some": nothing matched all, so fewer words did. */
  matched: "all" | "some";
  /** The words searched after typo corrections, when any word was corrected (FTS5 says; Meilisearch does not). */
  correctedQuery?: string;
}

/** Groups of equivalent words or phrases (cellphone = mobile phone = phone), applied by both engines. */
export type SynonymGroups = string[][];

/** A fresh index being filled beside the live one; commit() swaps it in, abort() drops it. */
export interface IndexBuild {
  add(documents: SearchDocument[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** The one search port: the rest of the app never knows which engine answers. */
export interface SearchIndex {
  readonly engine: "fts5" | "meilisearch";
  /** Creates the index if needed and applies its settings; safe to call at every start. */
  setup(): Promise<void>;
  upsert(documents: SearchDocument[]): Promise<void>;
  delete(threadIds: number[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * Threads most like a title being typed, most relevant first: those matching all its significant
   * words, then those matching fewer.
   */
  similar(title: string, limit: number): Promise<SearchHit[]>;
  /** Replaces the synonym groups every later search expands its words with. */
  setSynonyms(groups: SynonymGroups): Promise<void>;
  count(): Promise<number>;
  /**
   * A number that every write to the index changes, by any process, and that never comes back: the
   * answers given at one generation (with the same synonyms) hold while it stays. Read afresh on
   * each call; an engine that cannot tell cheaply has none, and its answers are not kept.
   */
  generation?(): number;
  startBuild(): Promise<IndexBuild>;
  healthy(): Promise<boolean>;
  close(): void;
}

const UNAVAILABLE = Symbol.for("peerdesk.search-unavailable");

/** The engine cannot answer right now (Meilisearch down); callers degrade instead of failing. */
export class SearchUnavailable extends Error {
  readonly [UNAVAILABLE] = true;
  constructor(message = "Search is briefly unavailable.", options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SearchUnavailable";
  }
}

/**
 * The engine is built by the server entry and the routes live in the Remix build, so each has its
 * own copy of this module: `instanceof` would fail across them, a registered symbol does not.
 */
export function isSearchUnavailable(error: unknown): boolean {
  return typeof error === "object" && error !== null && UNAVAILABLE in error;
}

// Private-use code points: they never occur in indexed text (document.ts strips them), so only
// the engine can have put them there.
export const HIGHLIGHT_PRE = "\uE000";
export const HIGHLIGHT_POST = "\uE001";
export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;
