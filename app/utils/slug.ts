/** At most this many UTF-8 bytes, so a percent-encoded slug stays under 240 characters. */
export const SLUG_MAX_BYTES = 80;

const utf8 = new TextEncoder();
const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });

/**
 * A readable URL slug from a title, in whatever script it is written (as Wikipedia and Discourse
 * keep them); the thread id keeps URLs unique, so collisions are harmless. Every address built
 * from it percent-encodes it (threadPagePath).
 */
export function slugify(title: string): string {
  const words = title
    .normalize("NFKD")
    // Latin letters lose their accents (café → cafe), as people type them; other scripts keep
    // their marks (й, が, Arabic vowel signs), recomposed below.
    .replace(/(\p{Script=Latin})\p{M}+/gu, "$1")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, "-")
    .replace(/^[-\p{M}]+|-+$/gu, "");
  return truncateToBytes(words, SLUG_MAX_BYTES).replace(/-+$/, "") || "thread";
}

/** The longest prefix of whole graphemes (a letter with its marks) that fits in `maxBytes`. */
function truncateToBytes(text: string, maxBytes: number): string {
  if (utf8.encode(text).length <= maxBytes) return text;
  let kept = "";
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    bytes += utf8.encode(segment).length;
    if (bytes > maxBytes) break;
    kept += segment;
  }
  return kept;
}
