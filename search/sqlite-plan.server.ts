// How the FTS5 engine turns a query's words into ever looser match expressions: completions of
// the word being typed, corrections of words that match nothing (from the vocabulary table), and
// the tiers from every word down to any one. Expressions only; sqlite-fts.server.ts runs them.
import type Database from "better-sqlite3";
import { slotExpression, slotsExpression, type Alternative, type Slot } from "./expansion";
import { isStopWord, queryTerms, uniqueWords } from "./query";
import type { TermReader } from "./sqlite-terms.server";
import type { VocabularyTerm } from "./vocabulary";
import type { SearchResult } from "./types";
import { completionsPastTheStem, foldWord, roughStem } from "./vocabulary";

/** Shorter last words are not prefix-matched: "a*" would match most of the index. */
export const MIN_PREFIX = 3;
/** Words corrected per query at most: a 200-character query of nonsense must not read the vocabulary forty times. */
const MAX_CORRECTED_WORDS = 3;
/** Completions of the word being typed that its stem-prefix misses, most frequent first. */
const MAX_COMPLETIONS = 3;
/** Words looked at when not all of them match: any two of eight is 28 pairs. */
const MAX_LOOSE_SLOTS = 8;

/** Completions standing in for a prefix query on a cut word of four letters or more, one per stem. */
const MAX_TYPED_COMPLETIONS = 4;
/** Past the first, a completion is kept only when in this share of the threads the first is in (and 2 at least). */
const MIN_COMPLETION_SHARE = 0.2;
const MIN_COMPLETION_DOCS = 2;

/** A word as the vocabulary counts one (vocabularyWords): letters and digits only. */
const SINGLE_WORD = /^[\p{L}\p{N}]+$/u;

export type ExpandedSlot = Slot & { live: boolean };

/**
 * What the word being typed may still become. Three letters use FTS5's prefix index (`prefix = '3'`).
 * Longer ones are not prefix-queried: FTS5 answers a prefix it has no index for by merging the
 * whole doclist of every term under it before it yields a match (over 100 ms for "phone*" at
 * 20,000 threads, whatever the LIMIT). Instead a whole indexed word stands for itself (its stem
 * covers its inflections) plus the completions its stem misses, and a cut word ("charg") for its
 * few most frequent completions, one per stem: each alternative is its own phrase in bm25, where
 * a rare word weighs most, so a rare completion ("chargecha") would lift the few threads holding
 * it above those with the word meant, and two spellings of one stem would count it twice.
 */
export function typingAlternatives(typed: string, completions: VocabularyTerm[]): Alternative[] {
  const pastTheStem = completionsPastTheStem(typed, completions.map((completion) => completion.term)).slice(0, MAX_COMPLETIONS);
  const indexed = completions.some((completion) => completion.term === typed);
  // Only those a prefix query on stems would miss: each extra alternative weighs in bm25.
  if ([...typed].length <= MIN_PREFIX) return [{ text: typed, prefix: true }, ...pastTheStem.map((text) => ({ text }))];
  // A whole word, already matched as itself: only the completions that its stem does not cover.
  if (indexed) return pastTheStem.filter((text) => text !== typed).map((text) => ({ text }));
  const floor = Math.max(MIN_COMPLETION_DOCS, (completions[0]?.docs ?? 0) * MIN_COMPLETION_SHARE);
  const stems = new Set<string>();
  const chosen: Alternative[] = [];
  for (const { term, docs } of completions) {
    if (docs < floor && chosen.length > 0) break;
    const stem = roughStem(term);
    if (stems.has(stem)) continue;
    stems.add(stem);
    chosen.push({ text: term });
    if (chosen.length === MAX_TYPED_COMPLETIONS) break;
  }
  return chosen;
}

/** The words to search for: stop words only count when nothing else was typed ("how to"). */
export function searchWords(q: string): string[] {
  const terms = uniqueWords(queryTerms(q));
  const significant = terms.filter((term) => !isStopWord(term));
  return significant.length > 0 ? significant : terms;
}

export function queryPlanner(sqlite: Database.Database, vocabulary: TermReader) {
  // A slot with a whole word the vocabulary holds matches: the thread holding it holds its stem.
  const matchesSomething = (slot: Slot) =>
    slot.alternatives.some((alternative) => !alternative.prefix && SINGLE_WORD.test(alternative.text) && vocabulary.holds(foldWord(alternative.text))) ||
    sqlite.prepare(`SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1`).get(slotExpression(slot)) !== undefined;

  /**
   * Adds to each slot what the person probably meant: completions of the word being typed besides
   * its prefix among stems (so "roami" finds "roaming" although the index holds its stem "roam",
   * and "sett" finds "settings", stemmed "set"), and for a word that matches nothing at all, its
   * nearest frequent spellings and run-together splits ("wifi" → "wi fi"). `live` says whether the
   * slot matches anything now.
   */
  function expandSlots(slots: Slot[], prefixLast: boolean): ExpandedSlot[] {
    let corrected = 0;
    return slots.map((slot, index) => {
      const word = foldWord(slot.typed);
      const single = !/\s/.test(slot.typed);
      let expanded: Slot = slot;
      if (prefixLast && index === slots.length - 1 && single && [...word].length >= MIN_PREFIX) {
        expanded = { ...slot, alternatives: [...slot.alternatives, ...typingAlternatives(word, vocabulary.complete(word))] };
      }
      if (matchesSomething(expanded)) return { ...expanded, live: true };
      if (!single || corrected >= MAX_CORRECTED_WORDS) return { ...expanded, live: false };
      corrected += 1;
      const fixes = [...vocabulary.splits(word), ...vocabulary.corrections(word).map((candidate) => candidate.term)];
      if (fixes.length === 0) return { ...expanded, live: false };
      return { ...expanded, alternatives: [...expanded.alternatives, ...fixes.map((text) => ({ text }))], correction: fixes[0], live: true };
    });
  }

  /**
   * Ever looser expressions: every slot; the slots that match anything at all; any two of them;
   * any one. Inside each, bm25 ranks threads with more (and rarer) words first; requiring two
   * words before one keeps the candidates few enough to rank them all.
   */
  function* looserExpressions(slots: ExpandedSlot[]): Generator<{ expression: string; matched: SearchResult["matched"]; everyWord: boolean }> {
    yield { expression: slotsExpression(slots), matched: "all", everyWord: true };
    const live = slots.filter((slot) => slot.live).slice(0, MAX_LOOSE_SLOTS);
    if (live.length === 0) return;
    if (live.length < slots.length) yield { expression: slotsExpression(live), matched: "some", everyWord: true };
    if (live.length >= 3) {
      const pairs = live.flatMap((a, i) => live.slice(i + 1).map((b) => `(${slotsExpression([a, b])})`));
      yield { expression: pairs.join(" OR "), matched: "some", everyWord: false };
    }
    if (live.length >= 2) yield { expression: slotsExpression(live, { any: true }), matched: "some", everyWord: false };
  }

  return { expandSlots, looserExpressions };
}
