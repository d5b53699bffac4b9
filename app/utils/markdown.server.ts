import { Marked } from "marked";
import { createRequire } from "node:module";
import type SanitizeHtml from "sanitize-html";
import { MARKDOWN_MAX_NESTING, markdownNestingDepth, TOO_DEEPLY_NESTED } from "./markdown-nesting";

// GFM without raw-HTML trust: whatever marked emits is cleaned by the allow-list below.
const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED: SanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd",
    "em", "strong", "del", "s", "sup", "sub", "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td", "input",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title"],
    code: ["class"],
    ol: ["start"],
    th: ["align"],
    td: ["align"],
    input: ["type", "checked", "disabled"],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // GFM task lists are the only inputs kept, and only as disabled checkboxes.
  exclusiveFilter: (frame) => frame.tag === "input" && frame.attribs.type !== "checkbox",
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: "nofollow ugc noopener" },
    }),
    input: (tagName, attribs) => ({
      tagName,
      attribs: { type: "checkbox", disabled: "", ...(attribs.checked !== undefined ? { checked: "" } : {}) },
    }),
  },
};

// sanitize-html (with postcss) is a quarter of a second to load: only the first post written or
// previewed pays it, not the server's start (issue 14). It is CommonJS, so require() keeps this sync.
let sanitizer: typeof SanitizeHtml | undefined;
function sanitizeHtml(html: string, options: SanitizeHtml.IOptions): string {
  sanitizer ??= createRequire(import.meta.url)("sanitize-html") as typeof SanitizeHtml;
  return sanitizer(html, options);
}

/** Markdown nested too deeply to parse; BodySchema refuses it first, with a field error. */
export class MarkdownTooDeep extends Error {
  constructor() {
    super(TOO_DEEPLY_NESTED);
    this.name = "MarkdownTooDeep";
  }
}

/**
 * Markdown → safe HTML, done once when a post is written and cached on the row. Text nested
 * past MARKDOWN_MAX_NESTING is never handed to marked, whose recursion would overflow the stack;
 * should anything still overflow, it is refused the same way rather than becoming a 500.
 */
export function renderMarkdown(markdown: string): string {
  if (markdownNestingDepth(markdown) > MARKDOWN_MAX_NESTING) throw new MarkdownTooDeep();
  let html: string;
  try {
    html = marked.parse(markdown) as string;
  } catch (error) {
    if (error instanceof RangeError) throw new MarkdownTooDeep();
    throw error;
  }
  return sanitizeHtml(html, ALLOWED);
}

// renderMarkdown's output is sanitize-html's serialization: every "<" opens a tag, no ">" occurs inside
// one (attribute values are escaped), and text holds no entity but &amp; &lt; &gt; (attributes also
// &quot;). Stripping tags and decoding those four is then exact, and ~50 times cheaper than parsing:
// the thread page takes the plain text of every post it shows, on every view (issue 14).
const TAG = /<\/?[a-zA-Z][^<>]*>/g;
const ESCAPED: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const ESCAPE = /&(?:amp|lt|gt|quot|#39);/g;
const NOT_SERIALIZED_BY_SANITIZER = /[<>]|&(?!(?:amp|lt|gt|quot|#39);)[a-zA-Z0-9#]+;/;

/** Plain text of rendered Markdown, for meta descriptions, snippets and search. */
export function toPlainText(html: string): string {
  const stripped = html.replace(TAG, "");
  // HTML not written by renderMarkdown (an entity it never emits, a stray bracket) gets a real parser.
  const text = NOT_SERIALIZED_BY_SANITIZER.test(stripped) ? sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }) : stripped;
  return text.replace(ESCAPE, (entity) => ESCAPED[entity]!).replace(/\s+/g, " ").trim();
}
