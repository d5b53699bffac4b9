// The rules that turn a word matching nothing into the indexed words it was probably meant to be.
// Pure: the engine supplies the candidates from its own vocabulary (search_terms, see sqlite-fts).
import { hasCjk } from "./query";

/** One indexed word and the number of threads that contain it. */
export interface VocabularyTerm {
  term: string;
  docs: number;
}

/**
 * How many threads a correction must be in. The typed word is in none, so one is already "more
 * frequent"; but the more speculative a correction (a four-letter word, which has many neighbours,
 * or two edits away), the more common it must be, so a rare word seen once (perhaps a typo itself)
 * does not turn an absent real word into unrelated results.
 */
export function minCorrectionDocs(typed: string, distance: number): number {
  return [...typed].length <= 4 || distance >= 2 ? SPECULATIVE_CORRECTION_DOCS : 1;
}
export const SPECULATIVE_CORRECTION_DOCS = 3;
/** Corrections kept per word, all at the nearest distance, most frequent first. */
export const MAX_CORRECTIONS = 3;
/** Vocabulary words longer than this are noise (links, hashes) rather than words anyone types. */
export const MAX_TERM_LENGTH = 40;

/**
 * Edits allowed for a word of this length, as Meilisearch counts them by default but a letter
 * earlier: none below 4 letters (too many short words sit one edit apart), 1 up to 7, 2 from 8.
 */
export function typoBudget(word: string): number {
  const length = [...word].length;
  if (length < 4 || /\d/.test(word)) return 0;
  return length < 8 ? 1 : 2;
}

/**
 * Optimal-string-alignment distance (a swap of neighbours counts as one edit, as in "recieve"),
 * giving up with `max + 1` as soon as the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The nearest frequent words to one that matched nothing; empty when none is near or frequent enough. */
export function chooseCorrections(word: string, candidates: VocabularyTerm[]): VocabularyTerm[] {
  const typed = word.toLowerCase();
  const budget = typoBudget(typed);
  if (budget === 0) return [];
  const near = candidates
    .filter((candidate) => candidate.term !== typed)
    .map((candidate) => ({ ...candidate, distance: editDistance(typed, candidate.term, budget) }))
    .filter((candidate) => candidate.distance <= budget && candidate.docs >= minCorrectionDocs(typed, candidate.distance));
  if (near.length === 0) return [];
  const best = Math.min(...near.map((candidate) => candidate.distance));
  return near
    .filter((candidate) => candidate.distance === best)
    .sort((a, b) => b.docs - a.docs || a.term.localeCompare(b.term))
    .slice(0, MAX_CORRECTIONS)
    .map(({ term, docs }) => ({ term, docs }));
}

/**
 * Ways to read a run-together word as two indexed words ("wifi" → "wi fi", as "wi-fi" is indexed),
 * each half at least two letters and known to the vocabulary.
 */
export function splitVariants(word: string, isKnown: (term: string) => boolean): string[] {
  const typed = word.toLowerCase();
  if (typed.length < 4 || /[^\p{L}\p{N}]/u.test(typed)) return [];
  const out: string[] = [];
  for (let at = 2; at <= typed.length - 2; at++) {
    const [left, right] = [typed.slice(0, at), typed.slice(at)];
    if (isKnown(left) && isKnown(right)) out.push(`${left} ${right}`);
  }
  return out;
}

/** Lower case without diacritics, as the index's unicode61 tokenizer (remove_diacritics 2) folds words. */
export function foldWord(word: string): string {
  return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
}

/** The distinct words of a text as the vocabulary counts them: folded, no CJK runs, no giant tokens. */
export function vocabularyWords(text: string): Set<string> {
  const words = new Set<string>();
  // Most text is ASCII: a plain lower-case and an ASCII pattern tokenize it several times faster.
  const ascii = !/[^\x00-\x7f]/.test(text);
  const pieces = ascii ? text.toLowerCase().matchAll(/[a-z0-9]+/g) : foldWord(text).matchAll(/[\p{L}\p{N}]+/gu);
  for (const match of pieces) {
    const word = match[0];
    if (word.length >= 2 && word.length <= MAX_TERM_LENGTH && (ascii || !hasCjk(word))) words.add(word);
  }
  return words;
}

const DERIVATIONAL = ["ational", "ation", "ement", "ment", "ness", "able", "ible", "ance", "ence", "ive", "ize", "ous", "ful", "ism", "ist", "al", "er", "ly"];
// Porter's last step takes these off only a stem with two vowel-consonant runs: "tower" stays
// "tower" ("tow" has one), so its completions "towers" and "towering" are not alternatives to it.
const SECOND_RUN_SUFFIXES = new Set(["ement", "ment", "able", "ible", "ance", "ence", "ive", "ize", "ous", "ism", "al", "er"]);

/** Porter's measure: how many vowel-consonant runs a stem has ("tow" 1, "charg" 1, "cancel" 2). */
function measure(stem: string): number {
  const shape = [...stem].map((letter, at) => (/[aeiou]/.test(letter) || (letter === "y" && at > 0 && !/[aeiou]/.test(stem[at - 1]!)) ? "v" : "c")).join("");
  return (shape.match(/v+c+/g) ?? []).length;
}

/**
 * A rough porter stem, in porter's order: plural off, then -ed/-ing with a doubled consonant
 * undoubled ("settings" → "set"), final y as i, one derivational suffix, then a final e. Only used to tell
 * whether the index's stem of a completion still begins with the letters typed, i.e. whether a
 * prefix query already finds it; a wrong guess costs one extra alternative or misses one.
 */
export function roughStem(word: string): string {
  let stem = word.toLowerCase();
  if (stem.endsWith("sses")) stem = stem.slice(0, -2);
  else if (stem.endsWith("ies")) stem = `${stem.slice(0, -3)}i`;
  else if (stem.endsWith("s") && !stem.endsWith("ss")) stem = stem.slice(0, -1);
  const inflected = /^(.*[aeiouy].*?)(ed|ing)$/.exec(stem);
  if (inflected && !stem.endsWith("eed")) {
    stem = inflected[1]!;
    if (/([^aeiouylsz])\1$/.test(stem)) stem = stem.slice(0, -1);
  }
  stem = stem.replace(/([^aeiou])y$/, "$1i");
  const suffix = DERIVATIONAL.find(
    (end) => stem.endsWith(end) && stem.length - end.length >= 3 && (!SECOND_RUN_SUFFIXES.has(end) || measure(stem.slice(0, -end.length)) > 1),
  );
  if (suffix) stem = stem.slice(0, -suffix.length);
  return stem.length >= 5 ? stem.replace(/e$/, "") : stem;
}

/** Completions a prefix query on stems would miss: those whose stem ends before the letters typed. */
export function completionsPastTheStem(typed: string, completions: string[]): string[] {
  return completions.filter((word) => !roughStem(word).startsWith(typed));
}
