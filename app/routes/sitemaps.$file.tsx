import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { countThreadSitemaps, listSitemapCategories, listSitemapThreads } from "~/services/feeds.server";
import { categoryPath, threadPagePath } from "~/components/common";
import { sitemapResponse, urlSetXml } from "~/utils/sitemap-xml.server";

const SitemapFile = z.union([
  z.literal("pages.xml").transform(() => ({ kind: "pages" as const })),
  z
    .string()
    .regex(/^threads-[1-9]\d{0,6}\.xml$/)
    .transform((file) => ({ kind: "threads" as const, block: Number(file.slice("threads-".length, -".xml".length)) })),
]);

export function loader({ params, context }: LoaderFunctionArgs) {
  const file = SitemapFile.safeParse(params.file);
  if (!file.success) throw new Response("No such sitemap", { status: 404 });
  const site = context.deps.env.PUBLIC_URL;
  if (file.data.kind === "pages") {
    const categories = listSitemapCategories(context.deps);
    return sitemapResponse(urlSetXml([{ loc: `${site}/` }, ...categories.map((c) => ({ loc: `${site}${categoryPath(c.slug)}` }))]));
  }
  if (file.data.block > countThreadSitemaps(context.deps)) throw new Response("No such sitemap", { status: 404 });
  const threads = listSitemapThreads(context.deps, file.data.block);
  return sitemapResponse(urlSetXml(threads.map((t) => ({ loc: `${site}${threadPagePath(t)}`, lastmod: t.lastActivityAt }))));
}
