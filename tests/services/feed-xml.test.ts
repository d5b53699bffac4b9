import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atomResponse, type AtomEntry } from "~/utils/atom.server";
import { categoryPath, threadPagePath } from "~/utils/post-paths";
import { sitemapIndexXml, urlSetXml } from "~/utils/sitemap-xml.server";
import { slugify } from "~/utils/slug";
import { parseXml, type XmlElement } from "../xml";

const SITE = "https://community.example";
const ATOM = "http://www.w3.org/2005/Atom";

/** What a reader gets back for text we wrote: exactly it, less the characters XML 1.0 cannot carry at all. */
const asXmlReadsIt = (text: string) => text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");

/** Text biased towards what has broken XML writers: CDATA ends, markup, entities, forbidden characters, RTL, emoji. */
const hostileText = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("]]>", "]]", "<", ">", "&", '"', "'", "<![CDATA[", "</title>", "<link href=\"https://phish.example/\"/>", "&amp;", "&#0;", "--") },
    { weight: 2, arbitrary: fc.constantFrom("\u0000", "\u0001", "\u000b", "\u001f", "\r", "\r\n", "\n", "\t", "\uFFFE", "\uFFFF", "\uD800", "\uDFFF") },
    { weight: 2, arbitrary: fc.constantFrom("🎉", "👨‍👩‍👧", "\u202e", "\u200f", "مرحبا", "שלום", "路由器", "が") },
    { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 40,
});

const entry = fc.record({
  id: fc.integer({ min: 1, max: 10_000_000 }),
  title: hostileText,
  kind: fc.constantFrom("question", "problem", "idea", "praise"),
  createdAt: fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true }),
  authorName: hostileText,
  authorHandle: fc.stringMatching(/^[a-z0-9_]{3,24}$/),
  bodyHtml: hostileText,
});

async function feedOf(entries: AtomEntry[], title = "Nimbus: latest") {
  const response = atomResponse(entries, { title, description: "The newest threads", selfUrl: `${SITE}/feeds/latest.atom`, siteUrl: SITE });
  return parseXml(await response.text());
}

const links = (element: XmlElement) => element.children.filter((child) => child.name === "link");
const everyElement = (element: XmlElement): XmlElement[] => [element, ...element.children.flatMap(everyElement)];
// RFC 4287's vocabulary: anything else in a feed came from what someone typed.
const ATOM_ELEMENTS = ["feed", "entry", "id", "title", "subtitle", "updated", "published", "link", "author", "contributor", "name", "uri", "email", "category", "content", "summary", "rights", "generator", "icon", "logo", "source"];

describe("Atom feeds (issue 11: a title with ]]> twice injected elements into the feed)", () => {
  it("are well-formed for any title, author and body, and every entry reads back as written with one link to our site", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry.map((e) => ({ ...e, slug: slugify(e.title) })), { maxLength: 5 }), hostileText, async (entries, feedTitle) => {
        const feed = await feedOf(entries, feedTitle);
        expect(feed.name).toBe("feed");
        expect(feed.namespace).toBe(ATOM);
        expect(feed.children.find((child) => child.name === "title")?.text).toBe(asXmlReadsIt(feedTitle));
        const items = feed.findAll("entry");
        expect(items).toHaveLength(entries.length);
        items.forEach((item, i) => {
          const written = entries[i]!;
          expect(item.children.filter((child) => child.name === "title")).toHaveLength(1);
          expect(item.find("title")!.attributes.type).toBe("text");
          expect(item.find("title")!.text).toBe(asXmlReadsIt(written.title));
          expect(links(item).map((link) => [link.attributes.rel, link.attributes.href])).toEqual([["alternate", `${SITE}${threadPagePath(written)}`]]);
          expect(item.find("name")!.text).toBe(asXmlReadsIt(written.authorName));
          const content = item.children.find((child) => child.name === "content")!;
          expect(content.attributes.type).toBe("html");
          expect(content.text).toBe(asXmlReadsIt(written.bodyHtml));
          expect(content.children).toEqual([]);
        });
        // Nothing a member wrote became an element, and every link points at our site.
        for (const element of everyElement(feed)) {
          expect(ATOM_ELEMENTS).toContain(element.name);
          expect(element.namespace).toBe(ATOM);
        }
        expect(feed.findAll("link").every((link) => link.attributes.href!.startsWith(SITE))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("keep the reported title inert: text, not a phishing link", async () => {
    const title = 'Refund]]><link href="https://phish.example/"/>]]><link href="https://phish.example/"/>';
    const feed = await feedOf([
      { id: 1, slug: slugify(title), title, kind: "question", createdAt: new Date("2026-11-01T00:00:00Z"), authorName: "A", authorHandle: "a_1", bodyHtml: "<p>x]]>y</p>" },
    ]);
    const item = feed.find("entry")!;
    expect(item.find("title")!.text).toBe(title);
    expect(links(item).map((link) => link.attributes.href)).toEqual([`${SITE}/t/1/refund-link-href-https-phish-example-link-href-https-phish-example`]);
    expect(feed.findAll("link").map((link) => link.attributes.href)).toEqual([SITE, `${SITE}/feeds/latest.atom`, `${SITE}/t/1/refund-link-href-https-phish-example-link-href-https-phish-example`]);
  });
});

describe("sitemaps", () => {
  it("are well-formed and list every address exactly as built, for threads titled in any script", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), hostileText), { maxLength: 20 }), hostileText, (threads, categorySlug) => {
        const locs = [`${SITE}${categoryPath(categorySlug)}`, ...threads.map(([id, title]) => `${SITE}${threadPagePath({ id, slug: slugify(title) })}`)];
        const urlset = parseXml(urlSetXml(locs.map((loc) => ({ loc, lastmod: new Date("2026-11-01T00:00:00Z") }))));
        expect(urlset.name).toBe("urlset");
        expect(urlset.findAll("loc").map((loc) => loc.text)).toEqual(locs);
        expect(urlset.findAll("url")).toHaveLength(locs.length);
        const index = parseXml(sitemapIndexXml(locs.map((loc) => ({ loc }))));
        expect(index.findAll("loc").map((loc) => loc.text)).toEqual(locs);
      }),
      { numRuns: 300 },
    );
  });

  it("stay well-formed even for an address that was never encoded", () => {
    fc.assert(
      fc.property(hostileText, (loc) => {
        expect(parseXml(urlSetXml([{ loc }])).find("loc")!.text).toBe(asXmlReadsIt(loc));
      }),
      { numRuns: 300 },
    );
  });
});
