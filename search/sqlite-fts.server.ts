// The embedded engine: SQLite FTS5 in the forum's own database. All SQLite-only search SQL lives
// here, in its query planner (sqlite-plan.server.ts) and vocabulary (sqlite-terms.server.ts), and in
// the migrations that first create these tables (db/migrations/0001_search_fts.sql, 0007_search_terms.sql).
import type Database from "better-sqlite3";
import type { Db } from "@db/client.server";
import { holdingWriteLock } from "@db/write-lock.server";
import { correctedQuery, planSlots } from "./expansion";
import { hasCjk, normalizeQuery, significantTerms, uniqueWords } from "./query";
import { MIN_PREFIX, queryPlanner, searchWords } from "./sqlite-plan.server";
import { createResultCache } from "./result-cache";
import { orderTitleMatches } from "./title-order";
import {
  countWords,
  createTermsTable,
  documentWords,
  GENERATION_KEY,
  generationReader,
  termCounter,
  termReader,
  type DocumentText,
} from "./sqlite-terms.server";
import {
  DEFAULT_LIMIT,
  HIGHLIGHT_POST,
  HIGHLIGHT_PRE,
  MAX_LIMIT,
  type IndexBuild,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
  type SynonymGroups,
} from "./types";

interface Tables {
  words: string;
  cjk: string;
  docs: string;
  terms: string;
}

const LIVE: Tables = { words: "search_fts", cjk: "search_fts_cjk", docs: "search_docs", terms: "search_terms" };
const NEXT: Tables = { words: "search_fts_next", cjk: "search_fts_cjk_next", docs: "search_docs_next", terms: "search_terms_next" };
// Column weights in order: title, accepted answer, question, other answers (bm25 is lower-is-better).
// FTS5 adds the weighted counts before saturating them, so large weights all land near the ceiling
// and barely differ; small ones stay in the near-linear part and keep the fields apart.
const WEIGHTS = "bm25(1.0, 0.5, 0.25, 0.125)";
const SNIPPET_TOKENS = 24;
/** Beyond this many matching threads a query is too unselective to rank every match by bm25. */
export const RANKED_CANDIDATES = 2000;


function createTables(sqlite: Database.Database, t: Tables): void {
  sqlite.exec(`
    CREATE VIRTUAL TABLE ${t.words} USING fts5(title, accepted, question, answers, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3');
    INSERT INTO ${t.words}(${t.words}, rank) VALUES ('rank', '${WEIGHTS}');
    CREATE VIRTUAL TABLE ${t.cjk} USING fts5(title, accepted, question, answers, tokenize = 'trigram');
    INSERT INTO ${t.cjk}(${t.cjk}, rank) VALUES ('rank', '${WEIGHTS}');
    CREATE TABLE ${t.docs} (
      thread_id INTEGER PRIMARY KEY, slug TEXT NOT NULL, title TEXT NOT NULL, category TEXT NOT NULL,
      category_name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, solved INTEGER NOT NULL,
      has_staff_answer INTEGER NOT NULL, votes INTEGER NOT NULL, me_too INTEGER NOT NULL,
      created INTEGER NOT NULL, last_activity INTEGER NOT NULL
    );`);
  createTermsTable(sqlite, t.terms);
}

function dropTables(sqlite: Database.Database, t: Tables): void {
  sqlite.exec(
    `DROP TABLE IF EXISTS ${t.words}; DROP TABLE IF EXISTS ${t.cjk}; DROP TABLE IF EXISTS ${t.docs}; DROP TABLE IF EXISTS ${t.terms};`,
  );
}

/**
 * Merges a freshly built table's index segments into one, a few pages per transaction so writers
 * wait no longer than for a batch. Filled batch by batch, a term's doclist lies in many segments,
 * and every seek to one thread (the snippets of a page of results) then looks in each: four
 * times slower at 100,000 threads.
 */
function mergeSegments(sqlite: Database.Database, t: Tables): void {
  for (const table of [t.words, t.cjk]) {
    const merge = sqlite.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('merge', -2000)`);
    const changes = sqlite.prepare("SELECT total_changes()").pluck();
    // FTS5's own test of a finished merge: the command changed fewer than two rows.
    let merged = true;
    while (merged) {
      const before = changes.get() as number;
      merge.run();
      merged = (changes.get() as number) - before >= 2;
    }
  }
}

/** FTS5 query syntax from words: each is quoted with `"` doubled, so no input is ever an operator. */
export function toMatchExpression(terms: string[], { any = false, prefixLast = false } = {}): string {
  return terms
    .map((term, index) => {
      const quoted = `"${term.replaceAll('"', '""')}"`;
      const isLast = index === terms.length - 1;
      return prefixLast && isLast && [...term].length >= MIN_PREFIX ? `${quoted}*` : quoted;
    })
    .join(any ? " OR " : " ");
}

// The index shares the forum's write lock: a batch of 200 threads written in one transaction held
// it for 70-115 ms, and every post and vote in the other processes waited that long, with their
// pages (issue 14). A few documents a transaction, and a turn of the event loop between them, keep
// each wait short and let this process serve requests during a long batch or a rebuild.
export const DOCUMENTS_PER_TRANSACTION = 5;

async function inTransactions<T>(items: T[], write: (chunk: T[]) => void): Promise<void> {
  for (let start = 0; start < items.length; start += DOCUMENTS_PER_TRANSACTION) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    write(items.slice(start, start + DOCUMENTS_PER_TRANSACTION));
  }
}

function writer(sqlite: Database.Database, t: Tables) {
  const deleteWords = sqlite.prepare(`DELETE FROM ${t.words} WHERE rowid = ?`);
  const deleteCjk = sqlite.prepare(`DELETE FROM ${t.cjk} WHERE rowid = ?`);
  const deleteDoc = sqlite.prepare(`DELETE FROM ${t.docs} WHERE thread_id = ?`);
  const insertWords = sqlite.prepare(`INSERT INTO ${t.words}(rowid, title, accepted, question, answers) VALUES (?, ?, ?, ?, ?)`);
  const insertCjk = sqlite.prepare(`INSERT INTO ${t.cjk}(rowid, title, accepted, question, answers) VALUES (?, ?, ?, ?, ?)`);
  const insertDoc = sqlite.prepare(
    `INSERT INTO ${t.docs} (thread_id, slug, title, category, category_name, kind, status, solved, has_staff_answer, votes, me_too, created, last_activity)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const readText = sqlite.prepare(`SELECT title, accepted, question, answers FROM ${t.words} WHERE rowid = ?`);
  const terms = termCounter(sqlite, t.terms);
  const remove = (id: number, deltas: Map<string, number>) => {
    const old = readText.get(id) as DocumentText | undefined;
    if (old) countWords(deltas, documentWords(old), -1);
    deleteWords.run(id);
    deleteCjk.run(id);
    deleteDoc.run(id);
  };
  const add = (doc: SearchDocument, deltas: Map<string, number>) => {
    countWords(deltas, documentWords(doc), 1);
    const text = [doc.id, doc.title, doc.accepted, doc.question, doc.answers] as const;
    insertWords.run(...text);
    if (hasCjk(doc.title) || hasCjk(doc.question) || hasCjk(doc.accepted) || hasCjk(doc.answers)) insertCjk.run(...text);
    insertDoc.run(
      doc.id, doc.slug, doc.title, doc.category, doc.categoryName, doc.kind, doc.status, doc.solved ? 1 : 0,
      doc.hasStaffAnswer ? 1 : 0, doc.votes, doc.meToo, doc.created, doc.lastActivity,
    );
  };
  // The vocabulary's counts change once per word per transaction, however many threads share the word.
  const batch =
    <T>(work: (items: T[], deltas: Map<string, number>) => void) =>
    (items: T[]) =>
      inTransactions(items, (chunk) =>
        holdingWriteLock(sqlite, () => {
          const deltas = new Map<string, number>();
          work(chunk, deltas);
          terms.write(deltas);
        }),
      );
  return {
    /** Fresh tables have no old rows, so a rebuild skips the deletes. */
    append: batch<SearchDocument>((docs, deltas) => docs.forEach((doc) => add(doc, deltas))),
    upsert: batch<SearchDocument>((docs, deltas) => {
      for (const doc of docs) {
        remove(doc.id, deltas);
        add(doc, deltas);
      }
    }),
    remove: batch<number>((ids, deltas) => ids.forEach((id) => remove(id, deltas))),
  };
}

interface HitRow {
  thread_id: number;
  slug: string;
  title: string;
  category: string;
  category_name: string;
  kind: SearchHit["kind"];
  status: SearchHit["status"];
  solved: number;
  has_staff_answer: number;
  votes: number;
  created: number;
  title_marked: string | null;
  s_accepted: string | null;
  s_question: string | null;
  s_answers: string | null;
}

function toHit(row: HitRow): SearchHit {
  const marked = [row.s_accepted, row.s_question, row.s_answers].find((s) => s?.includes(HIGHLIGHT_PRE));
  return {
    id: row.thread_id,
    slug: row.slug,
    title: row.title,
    titleMarked: row.title_marked ?? row.title,
    snippet: marked ?? row.s_question ?? "",
    category: row.category,
    categoryName: row.category_name,
    kind: row.kind,
    status: row.status,
    solved: row.solved === 1,
    hasStaffAnswer: row.has_staff_answer === 1,
    votes: row.votes,
    created: row.created,
  };
}

/** Kept answers are handed to every later caller of the same search: frozen, so none changes another's. */
function frozen<T extends SearchHit[] | SearchResult>(answer: T): T {
  for (const hit of Array.isArray(answer) ? answer : answer.hits) Object.freeze(hit);
  return Object.freeze(answer);
}

function clampLimit(limit: number | undefined): number {
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit ?? DEFAULT_LIMIT)));
}

function escapeLike(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Marks each occurrence of the terms, for the few results found without MATCH (short CJK words). */
function markTerms(text: string, terms: string[]): string {
  let out = text;
  for (const term of terms) out = out.split(term).join(`${HIGHLIGHT_PRE}${term}${HIGHLIGHT_POST}`);
  return out;
}

function excerpt(text: string, terms: string[]): string {
  const at = Math.max(0, Math.min(...terms.map((term) => text.indexOf(term)).filter((i) => i >= 0), text.length) - 30);
  return (at > 0 ? "…" : "") + markTerms(text.slice(at, at + 120), terms);
}

export function createSqliteFtsIndex(db: Db): SearchIndex {
  const sqlite = db.$client;
  let live = writer(sqlite, LIVE);
  const planner = queryPlanner(sqlite, termReader(sqlite, LIVE.terms));
  let synonyms: SynonymGroups = [];
  const generation = generationReader(sqlite, LIVE.terms);
  const answers = createResultCache();

  function filters(query: SearchQuery, params: unknown[]): string {
    const where: string[] = [];
    if (query.category) {
      where.push("d.category = ?");
      params.push(query.category);
    }
    if (query.kind) {
      where.push("d.kind = ?");
      params.push(query.kind);
    }
    if (query.solvedOnly) where.push("d.solved = 1");
    return where.map((clause) => ` AND ${clause}`).join("");
  }

  function order(query: SearchQuery, table: string): string {
    if (query.sort === "newest") return "d.created DESC, d.thread_id DESC";
    if (query.sort === "helpful") return "d.votes DESC, d.created DESC";
    // Solved threads and helpful votes lift a result a little, as Meilisearch's ranking rules do.
    return `${table}.rank * (1.0 + 0.1 * d.solved + 0.01 * min(d.votes, 10)), d.thread_id DESC`;
  }

  /** `everyWord`: the expression requires every word (no OR between words), so each title match holds them all. */
  function matchQuery(table: string, match: string, query: SearchQuery, everyWord = false): SearchResult {
    const filterParams: unknown[] = [];
    const clause = filters(query, filterParams);
    const from = `FROM ${table} JOIN search_docs d ON d.thread_id = ${table}.rowid WHERE ${table} MATCH ?${clause}`;
    const limit = clampLimit(query.limit);
    const offset = Math.max(0, query.offset ?? 0);
    // Ranking reads only ids; highlights and snippets are made afterwards for the page shown alone,
    // as SQLite computes every selected column of every candidate before its sorter keeps a page.
    const ranked = (orderBy: string, take: number, skip: number, minRowid = 0, excluded: number[] = [], expression = match): number[] =>
      sqlite
        .prepare(
          `SELECT ${table}.rowid ${from} AND ${table}.rowid >= ?` +
            (excluded.length ? ` AND +${table}.rowid NOT IN (${excluded.map(() => "?").join(", ")})` : "") +
            ` ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
        )
        .pluck()
        .all(expression, ...filterParams, minRowid, ...excluded, take, skip) as number[];
    // Without filters the join only costs: a thread's row in search_docs goes with its FTS rows.
    const countFrom = clause ? from : `FROM ${table} WHERE ${table} MATCH ?`;
    const countUpTo = (expression: string, cap: number) =>
      (sqlite.prepare(`SELECT count(*) AS n FROM (SELECT 1 ${countFrom} LIMIT ?)`).get(expression, ...filterParams, cap) as { n: number }).n;

    const matching = countUpTo(match, RANKED_CANDIDATES + 1);
    if (matching <= RANKED_CANDIDATES || (query.sort ?? "relevance") !== "relevance") {
      const total = matching <= RANKED_CANDIDATES ? matching : countUpTo(match, Number.MAX_SAFE_INTEGER);
      return { hits: shown(table, match, ranked(order(query, table), limit, offset)).map(toHit), total, exhaustive: true, matched: "all" };
    }
    // Too many matches to score them all within the latency budget (bm25 reads every match's
    // positions). Threads matching in their title lead (the title weighs most, so they lead a full
    // ranking too), the newest RANKED_CANDIDATES of them when more; after them come the newest
    // RANKED_CANDIDATES matches, ranked by bm25 and bounded by rowid, which FTS5 seeks to.
    const titled = `title : (${match})`;
    // Forwards first, which FTS5 reads faster; only a title match count over the cap (a very common
    // word, so the backward read stops soon) needs the newest instead of the oldest.
    const titleMatches = (direction: "ASC" | "DESC") =>
      sqlite
        .prepare(`SELECT d.thread_id AS id, d.title, d.solved, d.votes ${from} ORDER BY ${table}.rowid ${direction} LIMIT ?`)
        .all(titled, ...filterParams, RANKED_CANDIDATES + 1) as { id: number; title: string; solved: number; votes: number }[];
    let inTitles = titleMatches("ASC");
    const onlyTitles = inTitles.length > RANKED_CANDIDATES;
    if (onlyTitles) inTitles = titleMatches("DESC").slice(0, RANKED_CANDIDATES);
    // Titles holding only some of the words differ in which and how many: bm25 tells them apart.
    const titleOrder = everyWord
      ? orderTitleMatches(inTitles.map((row) => ({ ...row, solved: row.solved === 1 })))
      : inTitles.length
        ? ranked(order(query, table), RANKED_CANDIDATES, 0, Math.min(...inTitles.map((row) => row.id)), [], titled)
        : [];
    const first = titleOrder.slice(offset, offset + limit);
    const take = limit - first.length;
    let rest: number[] = [];
    if (take > 0 && !onlyTitles) {
      const oldest = sqlite
        .prepare(`SELECT ${table}.rowid ${countFrom} ORDER BY ${table}.rowid DESC LIMIT 1 OFFSET ?`)
        .pluck()
        .get(match, ...filterParams, RANKED_CANDIDATES - 1) as number | undefined;
      const excluded = titleOrder.filter((id) => id >= (oldest ?? 0));
      rest = ranked(order(query, table), take, Math.max(0, offset - titleOrder.length), oldest ?? 0, excluded);
    }
    return { hits: shown(table, match, [...first, ...rest]).map(toHit), total: RANKED_CANDIDATES, exhaustive: false, matched: "all" };
  }

  /**
   * The page's rows with highlights and snippets, in the order ranked. FTS5 takes `rowid IN (…)`
   * beside MATCH as one seek per id, a fraction of a millisecond, where a pass over every match
   * between the lowest and highest id shown reads the doclists of thousands of threads. But each
   * seek opens the expression afresh, and opening a prefix query merges the doclists of every word
   * under the prefix (porter stems it, so "res*" asks for "re*", shorter than the prefix index),
   * so an expression with a prefix still takes one pass, the id list only filtering what it yields.
   */
  function shown(table: string, expression: string, ids: number[]): HitRow[] {
    if (ids.length === 0) return [];
    const marks = [HIGHLIGHT_PRE, HIGHLIGHT_POST];
    const snippet = (column: number) => `snippet(${table}, ${column}, ?, ?, '…', ${SNIPPET_TOKENS})`;
    // A one-item list would become `rowid = ?`, which FTS5 (SQLite 3.53) ignores beside MATCH while
    // the planner takes it as applied: every match came back joined to the one id's document. Two
    // items keep it an IN list, which FTS5 does apply.
    const listed = ids.length === 1 ? [ids[0]!, ids[0]!] : ids;
    const list = listed.map(() => "?").join(", ");
    const onePass = expression.includes("*");
    const rows = sqlite
      .prepare(
        `SELECT ${table}.rowid AS matched_id, d.*, highlight(${table}, 0, ?, ?) AS title_marked, ${snippet(1)} AS s_accepted,
                ${snippet(2)} AS s_question, ${snippet(3)} AS s_answers
         FROM ${table} JOIN search_docs d ON d.thread_id = ${table}.rowid
         WHERE ${table} MATCH ? AND ` +
          (onePass ? `${table}.rowid >= ? AND ${table}.rowid <= ? AND +${table}.rowid IN (${list})` : `${table}.rowid IN (${list})`),
      )
      .all(...marks, ...marks, ...marks, ...marks, expression, ...(onePass ? [Math.min(...ids), Math.max(...ids)] : []), ...listed) as (HitRow & {
      matched_id: number;
    })[];
    // Highlights belong to the row FTS5 matched; a row joined to another thread's document is dropped.
    const byId = new Map(rows.filter((row) => row.matched_id === row.thread_id).map((row) => [row.thread_id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** CJK words shorter than a trigram cannot use MATCH; the trigram table holds few rows, so LIKE is fine. */
  function likeQuery(terms: string[], query: SearchQuery): SearchResult {
    const params: unknown[] = [];
    const likes = terms.map((term) => {
      const pattern = escapeLike(term);
      params.push(pattern, pattern, pattern, pattern);
      return "(c.title LIKE ? ESCAPE '\\' OR c.accepted LIKE ? ESCAPE '\\' OR c.question LIKE ? ESCAPE '\\' OR c.answers LIKE ? ESCAPE '\\')";
    });
    const clause = filters(query, params);
    const from = `FROM search_fts_cjk c JOIN search_docs d ON d.thread_id = c.rowid WHERE ${likes.join(" AND ")}${clause}`;
    const sort = query.sort === "newest" ? "d.created DESC" : "d.solved DESC, d.votes DESC, d.created DESC";
    const rows = sqlite
      .prepare(`SELECT d.*, c.accepted AS accepted_text, c.question AS question_text ${from} ORDER BY ${sort} LIMIT ? OFFSET ?`)
      .all(...params, clampLimit(query.limit), Math.max(0, query.offset ?? 0)) as (HitRow & { accepted_text: string; question_text: string })[];
    const total = (sqlite.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n;
    const hits = rows.map((row) => ({
      ...toHit({ ...row, title_marked: markTerms(row.title, terms), s_accepted: null, s_question: null, s_answers: null }),
      snippet: excerpt(terms.some((t) => row.accepted_text.includes(t)) ? row.accepted_text : row.question_text, terms),
    }));
    return { hits, total, exhaustive: true, matched: "all" };
  }

  function runCjk(terms: string[], query: SearchQuery, any: boolean): SearchResult {
    const long = terms.filter((term) => [...term].length >= 3);
    if (long.length === 0) return likeQuery(terms, query);
    return matchQuery("search_fts_cjk", toMatchExpression(long, { any }), query);
  }


  /**
   * An index built before the vocabulary existed (migration 0007 adds an empty one) gets it counted
   * from the indexed text once, in batches.
   */
  function fillMissingTerms(): void {
    const empty = sqlite.prepare(`SELECT 1 FROM ${LIVE.terms} WHERE term <> ? LIMIT 1`).get(GENERATION_KEY) === undefined;
    if (!empty || sqlite.prepare(`SELECT 1 FROM ${LIVE.words} LIMIT 1`).get() === undefined) return;
    const counter = termCounter(sqlite, LIVE.terms);
    const page = sqlite.prepare(`SELECT rowid AS id, title, accepted, question, answers FROM ${LIVE.words} WHERE rowid > ? ORDER BY rowid LIMIT 1000`);
    let after = 0;
    for (;;) {
      const rows = page.all(after) as (DocumentText & { id: number })[];
      if (rows.length === 0) break;
      const deltas = new Map<string, number>();
      for (const row of rows) countWords(deltas, documentWords(row), 1);
      holdingWriteLock(sqlite, () => counter.write(deltas));
      after = rows.at(-1)!.id;
    }
  }

  function runSearch(q: string, prefixLast: boolean, query: SearchQuery): SearchResult {
    const words = searchWords(q);
    if (words.length === 0) return { hits: [], total: 0, exhaustive: true, matched: "all" };
    if (words.some(hasCjk)) {
      const all = runCjk(words, query, false);
      if (all.total > 0 || words.length === 1) return all;
      return { ...runCjk(words, query, true), matched: "some" };
    }
    // Every word must match; when nothing matches them all, fewer may (most matching words rank first).
    const slots = planner.expandSlots(planSlots(words, synonyms), prefixLast);
    const corrected = correctedQuery(slots);
    let result: SearchResult = { hits: [], total: 0, exhaustive: true, matched: "all" };
    for (const tier of planner.looserExpressions(slots)) {
      result = { ...matchQuery("search_fts", tier.expression, query, tier.everyWord), matched: tier.matched };
      if (result.total > 0) break;
    }
    return corrected ? { ...result, correctedQuery: corrected } : result;
  }

  function runSimilar(q: string, limit: number): SearchHit[] {
    const words = uniqueWords(significantTerms(q));
    if (words.length === 0) return [];
    if (words.some(hasCjk)) return runCjk(words, { q, limit }, true).hits;
    // Threads matching every word come first, then those matching fewer, each in relevance order:
    // a solved thread shows its badge rather than jumping a closer open one.
    const slots = planner.expandSlots(planSlots(words, synonyms), true);
    const hits: SearchHit[] = [];
    for (const tier of planner.looserExpressions(slots)) {
      const seen = new Set(hits.map((hit) => hit.id));
      hits.push(...matchQuery("search_fts", tier.expression, { q, limit }, tier.everyWord).hits.filter((hit) => !seen.has(hit.id)));
      if (hits.length >= limit) break;
    }
    return hits.slice(0, limit);
  }

  return {
    engine: "fts5",
    async setup() {
      const exists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(LIVE.words);
      if (!exists) {
        createTables(sqlite, LIVE);
        live = writer(sqlite, LIVE);
      }
      fillMissingTerms();
    },
    async upsert(documents) {
      await live.upsert(documents);
    },
    async delete(threadIds) {
      await live.remove(threadIds);
    },
    async search(query) {
      const q = normalizeQuery(query.q);
      const prefixLast = query.prefix === true && !/\s$/.test(query.q.slice(0, 200));
      const { category, kind, solvedOnly, sort, offset } = query;
      const key = JSON.stringify(["search", q, prefixLast, category, kind, solvedOnly === true, sort ?? "relevance", clampLimit(query.limit), offset ?? 0]);
      const found = answers.get(key, generation(), () => frozen(runSearch(q, prefixLast, query)));
      return { ...found, hits: [...found.hits] };
    },
    async similar(title, limit) {
      const q = normalizeQuery(title);
      return [...answers.get(JSON.stringify(["similar", q, limit]), generation(), () => frozen(runSimilar(q, limit)))];
    },
    async setSynonyms(groups) {
      synonyms = groups;
      answers.clear();
    },
    async count() {
      return (sqlite.prepare(`SELECT count(*) AS n FROM ${LIVE.docs}`).get() as { n: number }).n;
    },
    generation,
    async startBuild(): Promise<IndexBuild> {
      dropTables(sqlite, NEXT);
      createTables(sqlite, NEXT);
      const next = writer(sqlite, NEXT);
      return {
        async add(documents) {
          await next.append(documents);
        },
        async commit() {
          mergeSegments(sqlite, NEXT);
          // One transaction: readers see the old tables or the new ones, never neither.
          holdingWriteLock(sqlite, () => {
            // The new tables go on from the old generation, so no process keeps an answer from before.
            sqlite
              .prepare(`INSERT OR REPLACE INTO ${NEXT.terms} (term, docs) SELECT term, docs + 1 FROM ${LIVE.terms} WHERE term = ?`)
              .run(GENERATION_KEY);
            dropTables(sqlite, LIVE);
            sqlite.exec(
              `ALTER TABLE ${NEXT.words} RENAME TO ${LIVE.words}; ALTER TABLE ${NEXT.cjk} RENAME TO ${LIVE.cjk};` +
                ` ALTER TABLE ${NEXT.docs} RENAME TO ${LIVE.docs}; ALTER TABLE ${NEXT.terms} RENAME TO ${LIVE.terms};`,
            );
          });
          live = writer(sqlite, LIVE);
        },
        async abort() {
          dropTables(sqlite, NEXT);
        },
      };
    },
    async healthy() {
      return sqlite.prepare("SELECT 1 AS ok").get() !== undefined;
    },
    close() {},
  };
}
