import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BodySchema, MarkdownSchema } from "~/schemas/threads.server";
import { MarkdownTooDeep, renderMarkdown } from "~/utils/markdown.server";
import { MARKDOWN_MAX_NESTING, markdownNestingDepth, TOO_DEEPLY_NESTED } from "~/utils/markdown-nesting";

const CONTAINERS = ["> ", ">", "- ", "* ", "+ ", "1. ", "7) ", "> - ", "- > ", "1. > "];
// Emphasis around words nests; links and images do not count as levels (marked does not recurse on them).
const EMPHASIS: [string, string][] = [["*a ", " b*"], ["**a ", " b**"], ["_a ", " b_"], ["__a ", " b__"], ["~~a ", " b~~"], ["~a ", " b~"], ["***a ", " b***"]];
const LINKS: [string, string][] = [["[a ", " b](https://x.example)"], ["![a ", " b](https://x.example/i.png)"]];
// Delimiters touching each other (*_*_…) mostly pair up side by side rather than nest.
const TOUCHING: [string, string][] = [["*", "*"], ["**", "**"], ["_", "_"], ["~~", "~~"], ["[", "](x)"]];

/** Markdown nested `levels` deep by a repeating mix of containers on one line, by indentation, or of inline emphasis. */
const nestedMarkdown = fc.oneof(
  fc.record({ cycle: fc.array(fc.constantFrom(...CONTAINERS), { minLength: 1, maxLength: 3 }), levels: fc.integer({ min: 0, max: 4000 }) }).map(
    ({ cycle, levels }) => ({ levels, markdown: `${Array.from({ length: levels }, (_, i) => cycle[i % cycle.length]).join("")}deep` }),
  ),
  fc.record({
    cycle: fc.oneof(fc.array(fc.constantFrom(...EMPHASIS, ...LINKS), { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom(...TOUCHING), { minLength: 1, maxLength: 3 })),
    // Within the body limit of 20,000 characters. Long runs of touching delimiters are slow for
    // marked (quadratic, not deep): kept shorter.
    levels: fc.integer({ min: 0, max: 700 }),
  }).map(({ cycle, levels: wanted }) => {
    const levels = cycle.every((wrapper) => TOUCHING.includes(wrapper)) ? wanted % 300 : wanted;
    const wrappers = Array.from({ length: levels }, (_, i) => cycle[i % cycle.length]!);
    // Text first: a line starting with ~~~ would open a code fence instead.
    const markdown = `So ${wrappers.map(([open]) => open).join("")}deep${wrappers.toReversed().map(([, close]) => close).join("")}`;
    return { levels: wrappers.filter((wrapper) => EMPHASIS.includes(wrapper)).length, markdown };
  }),
  // Lists nested by indentation, each line under the last: the input limit keeps this shallow.
  fc.record({ marker: fc.constantFrom("- ", "1. ", "* "), levels: fc.integer({ min: 0, max: 120 }) }).map(({ marker, levels }) => ({
    levels,
    markdown: Array.from({ length: levels + 1 }, (_, i) => `${" ".repeat(i * marker.length)}${marker}level ${i}`).join("\n"),
  })),
  // Every line of a quote carrying its own markers, and emphasis spread across lines of one paragraph.
  fc.record({ levels: fc.integer({ min: 0, max: 1500 }), marker: fc.constantFrom("**", "*", "~~") }).map(({ levels, marker }) => ({
    levels,
    markdown: `${Array.from({ length: levels }, () => `${marker}a`).join("\n")}\n${Array.from({ length: levels }, () => `b${marker}`).join("\n")}`,
  })),
);

describe("deeply nested Markdown (issue 11: 2,000 `>` overflowed marked's stack, a 500 on preview, ask, reply and edit)", () => {
  it("is refused before parsing, never overflowing, and whatever is within the limit renders", () => {
    fc.assert(
      fc.property(nestedMarkdown, fc.constantFrom("", "Intro paragraph.\n\n", "```\n> > > **a **a\n```\n\n"), ({ levels, markdown }, before) => {
        const body = `${before}${markdown}`;
        const depth = markdownNestingDepth(body);
        // A structure `levels` deep is measured at least that deep (** counts twice).
        expect(depth).toBeGreaterThanOrEqual(Math.min(levels, MARKDOWN_MAX_NESTING + 1));
        let html: string | null = null;
        try {
          html = renderMarkdown(body);
        } catch (error) {
          expect(error).toBeInstanceOf(MarkdownTooDeep);
        }
        expect(html !== null).toBe(depth <= MARKDOWN_MAX_NESTING);
        const parsed = MarkdownSchema.safeParse(body);
        if (body.length <= 20_000) expect(parsed.error?.issues[0]?.message ?? null).toBe(depth <= MARKDOWN_MAX_NESTING ? null : TOO_DEEPLY_NESTED);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses the reported inputs with a field error and keeps ordinary nesting", () => {
    for (const body of [">".repeat(2000), "1. ".repeat(4000), "> - ".repeat(4000), "*".repeat(2000) + "x" + "*".repeat(2000)]) {
      expect(BodySchema.safeParse(body).error?.issues.map((issue) => issue.message)).toEqual([TOO_DEEPLY_NESTED]);
      expect(() => renderMarkdown(body)).toThrow(MarkdownTooDeep);
    }
    const ordinary = [
      "> quoted\n> > a reply to it\n> > > and one more",
      "- a\n  - b\n    1. c\n       - d",
      "***bold italic*** and _under **bold**_ ~~gone~~",
      "my_var and __init__ and _private, ".repeat(40),
      "a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*a*b*c*d*e*f*g*h*i",
      "* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * *",
      "*Note ".repeat(60),
      `\`\`\`\n${"> ".repeat(100)}\n${"**a ".repeat(100)}\n\`\`\``,
      `Inline \`${"*".repeat(100)}\` code`,
    ];
    for (const body of ordinary) {
      expect(BodySchema.safeParse(body).success, body).toBe(true);
      expect(renderMarkdown(body)).not.toBe("");
    }
    expect(renderMarkdown("> ".repeat(MARKDOWN_MAX_NESTING) + "deep")).toContain("deep");
  });
});
