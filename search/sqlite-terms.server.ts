// The FTS5 engine's vocabulary: every unstemmed word in the index with the number of threads
// holding it, kept beside the FTS tables on each write. FTS5's own fts5vocab table only knows
// porter stems ("roam" for "roaming", so no completion of "roami") and counts documents by
// walking every doclist it visits, which took seconds per query at 100,000 threads; this table
// answers a prefix or a length-bounded range from its primary key in milliseconds.
import type Database from "better-sqlite3";
import { chooseCorrections, splitVariants, typoBudget, vocabularyWords, type VocabularyTerm } from "./vocabulary";

/** Completions read for the word being typed, most frequent first (the engine keeps a few). */
const MAX_COMPLETIONS = 24;
// Past the last code point we index, so `term < prefix + END` bounds a prefix range on the key.
const END = "\uffff";

/**
 * The index generation, kept in the vocabulary table under a key that is no word ('#' splits words):
 * every write to the index changes it in the same transaction, so any process can tell with one
 * lookup whether answers it computed earlier still hold. A row created afresh (a new or rebuilt
 * table) starts at a random value, so a generation is never seen twice.
 */
export const GENERATION_KEY = "#generation";
const FRESH_GENERATION = "abs(random() % 1000000000000)";

export function createTermsTable(sqlite: Database.Database, table: string): void {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS ${table} (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID`);
}

export interface DocumentText {
  title: string;
  accepted: string;
  question: string;
  answers: string;
}

/** The words a thread contributes: each counted once per thread. */
export function documentWords(doc: DocumentText): Set<string> {
  return vocabularyWords(`${doc.title} ${doc.accepted} ${doc.question} ${doc.answers}`);
}

/** Changes in document counts, gathered over a batch and written once per word. */
export function termCounter(sqlite: Database.Database, table: string) {
  const increase = sqlite.prepare(`INSERT INTO ${table} (term, docs) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET docs = docs + excluded.docs`);
  const decrease = sqlite.prepare(`UPDATE ${table} SET docs = docs - ? WHERE term = ?`);
  const prune = sqlite.prepare(`DELETE FROM ${table} WHERE term = ? AND docs <= 0`);
  const bump = sqlite.prepare(
    `INSERT INTO ${table} (term, docs) VALUES (?, ${FRESH_GENERATION}) ON CONFLICT(term) DO UPDATE SET docs = docs + 1`,
  );
  return {
    /** Call inside the batch's transaction; it also moves the index generation on. */
    write(deltas: Map<string, number>): void {
      bump.run(GENERATION_KEY);
      for (const [term, delta] of deltas) {
        if (delta > 0) increase.run(term, delta);
        else if (delta < 0) {
          decrease.run(-delta, term);
          prune.run(term);
        }
      }
    },
  };
}

export function countWords(deltas: Map<string, number>, words: Set<string>, sign: 1 | -1): void {
  for (const word of words) deltas.set(word, (deltas.get(word) ?? 0) + sign);
}

/** The index generation now: one primary-key lookup. */
export function generationReader(sqlite: Database.Database, table: string): () => number {
  const read = sqlite.prepare(`SELECT docs FROM ${table} WHERE term = ?`).pluck();
  return () => (read.get(GENERATION_KEY) as number | undefined) ?? 0;
}

/** Reads the vocabulary for prefix completions, typo corrections and split spellings. */
export function termReader(sqlite: Database.Database, table: string) {
  const completions = sqlite.prepare(`SELECT term, docs FROM ${table} WHERE term >= ? AND term < ? ORDER BY docs DESC, term LIMIT ?`);
  const range = sqlite.prepare(
    `SELECT term, docs FROM ${table} WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?`,
  );
  const known = sqlite.prepare(`SELECT 1 FROM ${table} WHERE term = ?`).pluck();
  return {
    /** Indexed words that begin with the letters typed so far ("roami" → "roaming"). */
    complete(prefix: string): VocabularyTerm[] {
      return completions.all(prefix, prefix + END, MAX_COMPLETIONS) as VocabularyTerm[];
    },
    /**
     * The nearest frequent words to one that matched nothing. Only words sharing its first letter,
     * or its first two letters swapped, are read: typos there are rare, and it bounds the read to a
     * small key range instead of the whole vocabulary.
     */
    corrections(word: string): VocabularyTerm[] {
      const budget = typoBudget(word);
      if (budget === 0) return [];
      const length = word.length;
      const starts = new Set([word.slice(0, 1), word.length > 1 ? word[1]! + word[0]! : word.slice(0, 1)]);
      const candidates: VocabularyTerm[] = [];
      for (const start of starts) {
        candidates.push(...(range.all(start, start + END, length - budget, length + budget) as VocabularyTerm[]));
      }
      return chooseCorrections(word, candidates);
    },
    /** Whether some indexed thread holds the word as typed (folded): a primary-key lookup, where MATCH reads doclists. */
    holds(word: string): boolean {
      return known.get(word) !== undefined;
    },
    splits(word: string): string[] {
      return splitVariants(word, (term) => known.get(term) !== undefined);
    },
  };
}

export type TermReader = ReturnType<typeof termReader>;
