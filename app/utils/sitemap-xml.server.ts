// XML for the sitemap protocol (sitemaps.org 0.9): an index of files, and files of URLs.
import { element as el, xmlDocument, xmlResponse } from "./xml.server";

const NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

export interface SitemapUrl {
  /** An absolute URL whose path is already percent-encoded (threadPagePath, categoryPath). */
  loc: string;
  lastmod?: Date;
}

function listXml(root: "urlset" | "sitemapindex", tag: "url" | "sitemap", urls: SitemapUrl[]): string {
  const entry = ({ loc, lastmod }: SitemapUrl) => el(tag, {}, [el("loc", {}, [loc]), ...(lastmod ? [el("lastmod", {}, [lastmod.toISOString()])] : [])]);
  return xmlDocument(el(root, { xmlns: NAMESPACE }, urls.map(entry)));
}

export const sitemapIndexXml = (files: SitemapUrl[]) => listXml("sitemapindex", "sitemap", files);

export const urlSetXml = (urls: SitemapUrl[]) => listXml("urlset", "url", urls);

export const sitemapResponse = (body: string) => xmlResponse(body, { contentType: "application/xml", maxAgeSeconds: 600 });
