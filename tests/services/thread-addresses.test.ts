import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeThreadPath } from "~/utils/ask-links";
import { categoryPath, postPath, threadPagePath } from "~/utils/post-paths";
import { SLUG_MAX_BYTES, slugify } from "~/utils/slug";

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** Letters of one script, from a few of its code point ranges. */
const scriptLetters = (ranges: [number, number][]) => fc.oneof(...ranges.map(([min, max]) => fc.integer({ min, max }))).map((cp) => String.fromCodePoint(cp));

const SCRIPTS = {
  han: scriptLetters([[0x4e00, 0x9fa5]]),
  japanese: scriptLetters([[0x3041, 0x3096], [0x30a1, 0x30fa]]),
  arabic: scriptLetters([[0x0621, 0x063a], [0x0641, 0x064a]]),
  cyrillic: scriptLetters([[0x0430, 0x044f]]),
  hangul: scriptLetters([[0xac00, 0xd7a3]]),
  hebrew: scriptLetters([[0x05d0, 0x05ea]]),
  devanagari: scriptLetters([[0x0905, 0x0939]]),
};
const EMOJI = fc.constantFrom("🎉", "🚀", "👍🏽", "👨‍👩‍👧", "🇯🇵", "❤️");

/** A title of words in one script, separated by spaces, punctuation or emoji. */
const wordsIn = (letters: fc.Arbitrary<string>) =>
  fc.array(fc.string({ unit: letters, minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 });

/** Anything a member might type, with a bias towards the characters that break things. */
const anyTitle = fc.string({
  unit: fc.oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    ...Object.values(SCRIPTS),
    EMOJI,
    fc.constantFrom("%", "/", "?", "#", "&", " ", "-", "\u0301", "\u3099", "\u200f", "\u202e", "\ufeff", "\n", "."),
  ),
  maxLength: 150,
});

describe("thread addresses (issue 11: a non-Latin title answered 500 in its Location header)", () => {
  it("a slug keeps the title's letters in every script, separated by hyphens", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(SCRIPTS)).chain(wordsIn), fc.constantFrom(" ", "? ", " 🎉 ", "، ", "。"), (words, separator) => {
        const expected = words.join("-").normalize("NFC").toLowerCase();
        fc.pre(utf8Bytes(expected) <= SLUG_MAX_BYTES);
        expect(slugify(words.join(separator))).toBe(expected);
      }),
    );
  });

  it("an address built from any title is ASCII, survives a Location header and URL parsing, and decodes to the slug", () => {
    fc.assert(
      fc.property(anyTitle, fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 50 }), (title, id, page) => {
        const slug = slugify(title);
        expect(slug).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}\p{M}-]*$/u);
        expect(slug).not.toMatch(/-$|--/);
        expect(utf8Bytes(slug)).toBeLessThanOrEqual(SLUG_MAX_BYTES);
        const path = threadPagePath({ id, slug }, page);
        expect(path).toMatch(/^[\x21-\x7e]+$/);
        expect(() => new Headers({ Location: path })).not.toThrow();
        const url = new URL(path, "https://community.example");
        expect(url.pathname + url.search).toBe(path);
        expect(decodeURIComponent(url.pathname.split("/")[3]!)).toBe(slug);
        // The ask page's tracking redirect accepts our own thread addresses, whatever the script.
        expect(safeThreadPath(threadPagePath({ id, slug }))).toBe(threadPagePath({ id, slug }));
        const toPost = postPath({ id, slug, acceptedPostId: null }, { id: 7, position: 2 + (page - 1) * 50 });
        expect(toPost.startsWith(path)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("a slug is its own slug, so the canonical address never redirects to another", () => {
    fc.assert(
      fc.property(anyTitle, (title) => {
        expect(slugify(slugify(title))).toBe(slugify(title));
      }),
      { numRuns: 500 },
    );
  });

  it("a long title is cut at whole letters, within the byte budget", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(SCRIPTS)).chain((letters) => fc.string({ unit: letters, minLength: 20, maxLength: 150 })), (title) => {
        const whole = title.normalize("NFC").toLowerCase();
        const slug = slugify(title);
        expect(whole.startsWith(slug)).toBe(true);
        if (utf8Bytes(whole) <= SLUG_MAX_BYTES) expect(slug).toBe(whole);
        // Every letter of these scripts takes at most 4 bytes: the cut leaves less than one unused.
        else expect(utf8Bytes(slug)).toBeGreaterThan(SLUG_MAX_BYTES - 4);
      }),
    );
  });

  it("keeps Latin slugs as before: accents dropped, lowercase, hyphens, 80 characters", () => {
    expect(slugify("Café: où est ma facture ?")).toBe("cafe-ou-est-ma-facture");
    expect(slugify("Router keeps rebooting!!")).toBe("router-keeps-rebooting");
    expect(slugify("ﬁnd ＡＢＣ ①")).toBe("find-abc-1");
    expect(slugify("a".repeat(200))).toBe("a".repeat(80));
    expect(slugify("🎉 ✨")).toBe("thread");
    expect(categoryPath("café crème")).toBe("/c/caf%C3%A9%20cr%C3%A8me");
  });
});
