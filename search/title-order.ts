// How the FTS5 engine orders threads that match every word in their title when too many threads
// match to rank them all by bm25 (sqlite-fts.server.ts). bm25 over the title alone, with every word
// present about once, comes down to title length: a short title is mostly the words searched.
// Computed here from titles already read, it spares a bm25 statement whose first step counts the
// threads holding each word across the whole index (milliseconds for a common word at 100,000 threads).

export interface TitleMatch {
  id: number;
  title: string;
  solved: boolean;
  votes: number;
}

// FTS5's bm25 constants.
const K1 = 1.2;
const B = 0.75;

function wordCount(title: string): number {
  return title.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length;
}

/** Ids most relevant first: bm25's length saturation, lifted as the engine lifts solved and voted threads; newest first on ties. */
export function orderTitleMatches(matches: TitleMatch[]): number[] {
  if (matches.length === 0) return [];
  const lengths = matches.map((match) => Math.max(1, wordCount(match.title)));
  const average = lengths.reduce((sum, length) => sum + length, 0) / lengths.length;
  const scored = matches.map((match, at) => ({
    id: match.id,
    score: (1 / (1 + K1 * (1 - B + (B * lengths[at]!) / average))) * (1 + 0.1 * (match.solved ? 1 : 0) + 0.01 * Math.min(match.votes, 10)),
  }));
  return scored.sort((a, b) => b.score - a.score || b.id - a.id).map((entry) => entry.id);
}
