// How a query's words become FTS5 match expressions: each word (or synonym phrase) is a slot of
// alternatives, any of which may match. Pure; the FTS5 engine adds prefix completions and
// typo corrections from its vocabulary before building the expression.
import type { SynonymGroups } from "./types";
import { foldWord } from "./vocabulary";

export interface Alternative {
  /** A word or a phrase; quoted, so FTS5 tokenizes (and stems) it and never reads it as an operator. */
  text: string;
  /** Also matches indexed words (stems) that begin with it. */
  prefix?: boolean;
}

export interface Slot {
  /** What the person typed for this slot, one word or the words of a synonym phrase. */
  typed: string;
  alternatives: Alternative[];
  /** The first correction, when the typed word matched nothing and was replaced by its nearest words. */
  correction?: string;
}

const LONGEST_PHRASE = 3;
const JOINERS = /[-'’.]/g;

/** Words compare ignoring case, diacritics and joiners: "Wi-Fi", "wifi" and "WiFi" are one key. */
export function synonymKey(text: string): string {
  return foldWord(text)
    .split(/[^\p{L}\p{N}'’.-]+/u)
    .map((word) => word.replace(JOINERS, ""))
    .filter(Boolean)
    .join(" ");
}

/** Lookup from each member's key to its whole group, first group winning when an admin repeats a word. */
function groupsByKey(groups: SynonymGroups): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const group of groups) {
    for (const member of group) {
      const key = synonymKey(member);
      if (key && !byKey.has(key)) byKey.set(key, group);
    }
  }
  return byKey;
}

function unique(alternatives: Alternative[]): Alternative[] {
  const seen = new Set<string>();
  return alternatives.filter((alternative) => {
    const key = `${alternative.prefix ? "*" : ""}${alternative.text.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Slots for the query's words: the longest run of words (up to three) that is a synonym group
 * member becomes one slot holding the whole group; other words hold themselves and, when written
 * with a joiner ("wi-fi", "e-sim"), the run-together spelling too.
 */
export function planSlots(terms: string[], groups: SynonymGroups): Slot[] {
  const byKey = groupsByKey(groups);
  const slots: Slot[] = [];
  for (let at = 0; at < terms.length; ) {
    let matched = false;
    for (let length = Math.min(LONGEST_PHRASE, terms.length - at); length >= 1 && !matched; length--) {
      const words = terms.slice(at, at + length);
      const group = byKey.get(synonymKey(words.join(" ")));
      if (!group) continue;
      const typed = words.join(" ");
      slots.push({ typed, alternatives: unique([{ text: typed }, ...group.map((text) => ({ text }))]) });
      at += length;
      matched = true;
    }
    if (matched) continue;
    const word = terms[at]!;
    const joined = word.replace(JOINERS, "");
    slots.push({ typed: word, alternatives: unique([{ text: word }, ...(joined !== word && joined.length > 1 ? [{ text: joined }] : [])]) });
    at += 1;
  }
  return slots;
}

function quote(alternative: Alternative): string {
  return `"${alternative.text.replaceAll('"', '""')}"${alternative.prefix ? "*" : ""}`;
}

/** One slot's alternatives, any of which may match. */
export function slotExpression(slot: Slot): string {
  const parts = slot.alternatives.map(quote);
  return parts.length === 1 ? parts[0]! : `(${parts.join(" OR ")})`;
}

/** FTS5 query syntax for slots: every slot must match, or with `any` at least one. */
export function slotsExpression(slots: Slot[], { any = false } = {}): string {
  return slots.map(slotExpression).join(any ? " OR " : " AND ");
}

/** The query as it was searched after corrections, for "Showing results for …"; undefined when nothing was corrected. */
export function correctedQuery(slots: Slot[]): string | undefined {
  if (!slots.some((slot) => slot.correction)) return undefined;
  return slots.map((slot) => slot.correction ?? slot.typed).join(" ");
}
