import { HIGHLIGHT_POST, HIGHLIGHT_PRE, MAX_QUERY_LENGTH } from "./types";

// Control characters and our highlight markers never belong in a query.
const UNWANTED = new RegExp(`[\\u0000-\\u001f\\u007f${HIGHLIGHT_PRE}${HIGHLIGHT_POST}]`, "g");
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORDISH = /[\p{L}\p{N}]/u;
// Operators and brackets split words ("NEAR(router" is two); `-`, `'` and `.` stay inside a word.
const SEPARATORS = /[\s"()*:^{}+,;!?<>[\]|\\/=~`@#$%&]+/u;

/** What anyone typed, made safe to hand to an engine: cut at 200 characters, no control characters. */
export function normalizeQuery(raw: string): string {
  return raw.slice(0, MAX_QUERY_LENGTH).replace(UNWANTED, " ").replace(/\s+/g, " ").trim();
}

/** The words of a normalized query; pieces without a letter or digit (`*`, `-`, `"`) carry no meaning. */
export function queryTerms(query: string): string[] {
  return query.split(SEPARATORS).filter((term) => WORDISH.test(term));
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Words too common to say what a title is about; dropped when looking for similar threads. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ("a an and are as at be but by can do does for from get got has have how i if in is it its me my no not of on or " +
    "so that the this to was what when where which who why will with you your " +
    // Words that carry no topic in a support question: negations and fillers people type in full sentences.
    "after about again also am been before being cannot could did didn't doesn't don't he her his i'm i've into " +
    "just our she should since still than them then there they us very we were won't would can't").split(" "),
);

export function significantTerms(query: string): string[] {
  return queryTerms(query).filter((term) => !STOP_WORDS.has(term.toLowerCase()));
}

export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term.toLowerCase());
}

/** Each word once, first spelling kept: a word typed twice adds nothing but cost. */
export function uniqueWords(words: string[]): string[] {
  const seen = new Set<string>();
  return words.filter((word) => !seen.has(word.toLowerCase()) && seen.add(word.toLowerCase()));
}
