import type { LoaderFunctionArgs } from "@remix-run/node";
import { countThreadSitemaps } from "~/services/feeds.server";
import { sitemapIndexXml, sitemapResponse } from "~/utils/sitemap-xml.server";

// A sitemap index from the start: one file holds at most 50,000 URLs, and a community outgrows that.
export function loader({ context }: LoaderFunctionArgs) {
  const site = context.deps.env.PUBLIC_URL;
  const blocks = countThreadSitemaps(context.deps);
  return sitemapResponse(
    sitemapIndexXml([
      { loc: `${site}/sitemaps/pages.xml` },
      ...Array.from({ length: blocks }, (_, i) => ({ loc: `${site}/sitemaps/threads-${i + 1}.xml` })),
    ]),
  );
}
