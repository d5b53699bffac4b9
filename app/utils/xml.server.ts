// XML written by construction: text and attribute values only ever enter a document escaped, as
// character data (never CDATA), so a `]]>`, `<` or `&` that a member typed stays text. The XML
// builders on npm fall short here (xmlbuilder2 passes `&lt;`, `&foo;` or `&#0;` through
// unescaped, the `feed` package's writer ended CDATA at the first `]]>` only).

// Characters XML 1.0 cannot carry at all, even escaped: C0 controls but tab, LF and CR;
// U+FFFE and U+FFFF; surrogates that are not part of a pair.
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = {
  "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;",
  // A parser reads a raw CR as LF, and tab or LF in an attribute as a space: references keep them.
  "\r": "&#13;", "\n": "&#10;", "\t": "&#9;",
};
const escape = (value: string, special: RegExp) => value.replace(NOT_XML, "").replace(special, (char) => ESCAPES[char]!);

/** Markup this module wrote; any plain string given as a child is text and gets escaped. */
export class Markup {
  constructor(readonly xml: string) {}
}

/** One element; `name` and attribute names come from our code, values and text from anyone. */
export function element(name: string, attributes: Record<string, string> = {}, children: (string | Markup)[] = []): Markup {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escape(value, /[&<>"'\r\n\t]/g)}"`)
    .join("");
  const content = children.map((child) => (child instanceof Markup ? child.xml : escape(child, /[&<>\r]/g))).join("");
  return new Markup(content ? `<${name}${attrs}>${content}</${name}>` : `<${name}${attrs}/>`);
}

export function xmlDocument(root: Markup): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.xml}\n`;
}

export function xmlResponse(body: string, { contentType, maxAgeSeconds }: { contentType: string; maxAgeSeconds: number }): Response {
  return new Response(body, { headers: { "Content-Type": `${contentType}; charset=utf-8`, "Cache-Control": `public, max-age=${maxAgeSeconds}` } });
}
