import fc from "fast-check";
import sanitizeHtml from "sanitize-html";
import { describe, expect, it } from "vitest";
import { renderMarkdown, toPlainText } from "~/utils/markdown.server";

// What a full HTML parser makes of the text: the meaning toPlainText must keep without parsing.
function parsedPlainText(html: string): string {
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, parser: { decodeEntities: true } });
  const decoded = { "&amp;": "&", "&lt;": "<", "&gt;": ">" } as Record<string, string>;
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => decoded[entity]!).replace(/\s+/g, " ").trim();
}

// Pieces that exercise every tag in the allow-list, entities, brackets, quotes and odd whitespace.
const PIECES = [
  "word", " ", "\n", "\n\n", "**", "*", "_", "~~", "`", "```\n", "> ", "- ", "1. ", "# ", "| a | b |\n|---|---|\n| c | d |\n",
  "- [x] done\n", "[link](https://example.com/a?b=1&c=\"2\")", "![alt <b>](https://example.com/i.png \"t>\")", "<", ">", "&", "&amp;",
  "&lt;", "&copy;", "&#39;", "&#x3C;", "\"", "'", "<b>raw</b>", "<script>alert(1)</script>", "<!-- note -->", "\u00a0", "\u2028",
  "é", "😀", "<a href=\"/p/3\">x</a>", "  \n", "---\n", "\\*", "<https://example.com>",
];
const markdown = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(""));

describe("plain text of rendered Markdown", () => {
  it("is what an HTML parser reads in any rendered post", () => {
    fc.assert(
      fc.property(markdown, (source) => {
        const html = renderMarkdown(source);
        expect(toPlainText(html)).toBe(parsedPlainText(html));
      }),
      { numRuns: 2000 },
    );
  });

  it("decodes each escape once: text that shows an entity keeps showing it", () => {
    expect(toPlainText(renderMarkdown("Type `&lt;br&gt;` or &amp;lt; & <b>x</b> > y"))).toBe("Type &lt;br&gt; or &lt; & x > y");
  });

  it("reads HTML that renderMarkdown did not write with a parser", () => {
    expect(toPlainText("<p>caf&eacute; &copy; 2026</p><!-- a > b -->")).toBe("café © 2026");
    expect(toPlainText("<p>1 < 2</p>")).toBe("1 < 2");
  });
});
