import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/utils/markdown.server";
import { XSS_PAYLOADS } from "../fixtures/xss-payloads";

// What the sanitizer may emit; anything outside it counts as a failure even if it looks harmless.
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  p: [], br: [], hr: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [], blockquote: [], pre: [], kbd: [],
  em: [], strong: [], del: [], s: [], sup: [], sub: [], ul: [], li: [], table: [], thead: [], tbody: [], tr: [],
  code: ["class"], ol: ["start"], th: ["align"], td: ["align"],
  a: ["href", "title", "rel"], img: ["src", "alt", "title"], input: ["type", "checked", "disabled"],
};
const URL_ATTRIBUTES = new Set(["href", "src"]);
const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:"]);

function elements(nodes: ChildNode[]): Element[] {
  return nodes.flatMap((node) => ("children" in node ? [...(node.type === "tag" ? [node as Element] : []), ...elements(node.children)] : []));
}

/** Every problem an HTML string has under the allow-list, by parsing it as a browser would read markup. */
function executableContent(html: string): string[] {
  const problems: string[] = [];
  const document = parseDocument(html, { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true });
  for (const node of elements(document.children)) {
    const allowed = ALLOWED_ATTRIBUTES[node.name];
    if (!allowed) {
      problems.push(`tag <${node.name}>`);
      continue;
    }
    for (const [name, value] of Object.entries(node.attribs)) {
      if (!allowed.includes(name)) problems.push(`attribute ${name} on <${node.name}>`);
      if (URL_ATTRIBUTES.has(name)) {
        // Browsers drop tabs, newlines and leading control characters from a URL before reading its scheme.
        const normalized = value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        const scheme = /^([a-z][a-z0-9+.-]*):/.exec(normalized)?.[1];
        if (normalized.startsWith("//")) problems.push(`protocol-relative ${name}=${value}`);
        // Without a scheme the URL is relative to this site and cannot run anything.
        else if (scheme && !SAFE_SCHEMES.has(`${scheme}:`)) problems.push(`${name} scheme ${scheme}`);
      }
      if (node.name === "input" && name === "type" && value !== "checkbox") problems.push(`input type ${value}`);
      if (node.name === "code" && name === "class" && !/^language-[\w-]+$/.test(value)) problems.push(`code class ${value}`);
    }
    if (node.name === "a" && node.attribs.rel !== "nofollow ugc noopener") problems.push(`a rel=${node.attribs.rel}`);
  }
  if (/<\s*(script|iframe|object|embed|form|style|svg|math|meta|base)\b/i.test(html)) problems.push("raw dangerous tag in output");
  return problems;
}

describe("Markdown sanitizing", () => {
  it("has a corpus of at least 100 known XSS payloads", () => {
    expect(new Set(XSS_PAYLOADS).size).toBeGreaterThanOrEqual(100);
  });

  it.each(XSS_PAYLOADS.map((payload) => [payload]))("renders %j with no executable content", (payload) => {
    const html = renderMarkdown(payload);
    expect(executableContent(html)).toEqual([]);
    // Wrapped in surrounding Markdown too: a payload mid-paragraph or in a list must not escape either.
    expect(executableContent(renderMarkdown(`Before **bold**\n\n- item ${payload}\n\nafter ${payload} end`))).toEqual([]);
  });

  it("the checker itself flags executable content (so a pass means something)", () => {
    expect(executableContent('<img src=x onerror="alert(1)">')).toContain("attribute onerror on <img>");
    expect(executableContent('<a href="jav&#x09;ascript:alert(1)" rel="nofollow ugc noopener">x</a>')).toContain("href scheme javascript");
    expect(executableContent("<iframe src=x></iframe>")).toContain("tag <iframe>");
    expect(executableContent('<p style="color:red">x</p>')).toContain("attribute style on <p>");
  });

  it("keeps the text of code blocks exactly, markup and entities included", () => {
    const code = '<script>alert("x")</script> & &amp; \'quotes\' <b>not bold</b>\n    indented\ttab\n\\*not emphasis\\*';
    const html = renderMarkdown(`Look:\n\n\`\`\`html\n${code}\n\`\`\`\n`);
    const document = parseDocument(html, { decodeEntities: true });
    const codeElement = elements(document.children).find((node) => node.name === "code")!;
    const text = (function collect(nodes: ChildNode[]): string {
      return nodes.map((node) => ("data" in node ? node.data : "children" in node ? collect(node.children) : "")).join("");
    })(codeElement.children);
    expect(text).toBe(`${code}\n`);
    expect(codeElement.attribs.class).toBe("language-html");
    expect(executableContent(html)).toEqual([]);
  });

  it("keeps inline code text exactly", () => {
    const html = renderMarkdown("Use `<img src=x onerror=alert(1)>` carefully");
    expect(html).toContain("<code>&lt;img src=x onerror=alert(1)&gt;</code>");
  });

  it("gives every link rel=\"nofollow ugc noopener\", overriding what the author wrote", () => {
    for (const source of ["[site](https://example.com)", "<https://example.com>", 'see https://example.com', '<a href="https://example.com" rel="opener">x</a>']) {
      const anchors = elements(parseDocument(renderMarkdown(source)).children).filter((node) => node.name === "a");
      expect(anchors, source).toHaveLength(1);
      expect(anchors[0]!.attribs).toEqual(expect.objectContaining({ href: "https://example.com", rel: "nofollow ugc noopener" }));
      expect(anchors[0]!.attribs.target).toBeUndefined();
    }
  });

  it("keeps ordinary formatting: headings, lists, tables, images over https, task lists", () => {
    const html = renderMarkdown("# Title\n\n1. one\n2. two\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n![logo](https://example.com/logo.png)\n\n- [x] done");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<ol>");
    expect(html).toContain('<td align="right">2</td>');
    expect(html).toContain('<img src="https://example.com/logo.png" alt="logo" />');
    expect(html).toMatch(/<input type="checkbox" disabled(="")? checked(="")? \/>/);
  });
});
