// XML for the sitemap protocol (sitemaps.org 0.9): an index of files, and files of URLs.
const escapeXml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

const NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

export interface SitemapUrl {
  loc: string;
  lastmod?: Date;
}

function entry(tag: "url" | "sitemap", { loc, lastmod }: SitemapUrl): string {
  return `  <${tag}><loc>${escapeXml(loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ""}</${tag}>`;
}

export function sitemapIndexXml(files: SitemapUrl[]): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<sitemapindex xmlns="${NAMESPACE}">`, ...files.map((f) => entry("sitemap", f)), "</sitemapindex>"].join("\n");
}

export function urlSetXml(urls: SitemapUrl[]): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<urlset xmlns="${NAMESPACE}">`, ...urls.map((u) => entry("url", u)), "</urlset>"].join("\n");
}

export function xmlResponse(body: string): Response {
  return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=600" } });
}
