import { Feed } from "feed";
import type { listFeedEntries } from "~/services/feeds.server";

/** An Atom document of threads, served with the right content type. */
export function atomResponse(
  entries: ReturnType<typeof listFeedEntries>,
  { title, selfUrl, siteUrl, description }: { title: string; selfUrl: string; siteUrl: string; description: string },
): Response {
  const feed = new Feed({
    id: selfUrl,
    title,
    description,
    link: siteUrl,
    updated: entries[0]?.createdAt ?? new Date(0),
    feedLinks: { atom: selfUrl },
    copyright: "",
    generator: false,
  });
  for (const entry of entries) {
    const link = `${siteUrl}/t/${entry.id}/${entry.slug}`;
    feed.addItem({
      title: entry.title,
      id: link,
      link,
      date: entry.createdAt,
      published: entry.createdAt,
      content: entry.bodyHtml,
      author: [{ name: entry.authorName, link: `${siteUrl}/u/${entry.authorHandle}` }],
      category: [{ term: entry.kind }],
    });
  }
  return new Response(feed.atom1(), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
