import type { LoaderFunctionArgs } from "@remix-run/node";
import { listSitemapEntries } from "~/services/feeds.server";

const escapeXml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

export function loader({ context }: LoaderFunctionArgs) {
  const site = context.deps.env.PUBLIC_URL;
  const { categories, threads } = listSitemapEntries(context.deps);
  const url = (path: string, lastmod?: Date) =>
    `  <url><loc>${escapeXml(`${site}${path}`)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ""}</url>`;
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url("/"),
    ...categories.map((category) => url(`/c/${encodeURIComponent(category.slug)}`)),
    ...threads.map((thread) => url(`/t/${thread.id}/${encodeURIComponent(thread.slug)}`, thread.lastActivityAt)),
    "</urlset>",
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=600" } });
}
