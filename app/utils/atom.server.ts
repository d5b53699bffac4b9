import { profilePath, threadPagePath } from "./post-paths";
import { element as el, xmlDocument, xmlResponse } from "./xml.server";

const ATOM = "http://www.w3.org/2005/Atom";

export interface AtomEntry {
  id: number;
  slug: string;
  title: string;
  kind: string;
  createdAt: Date;
  authorName: string;
  authorHandle: string;
  bodyHtml: string;
}

export interface AtomFeed {
  title: string;
  description: string;
  /** The feed's own address. */
  selfUrl: string;
  siteUrl: string;
}

/**
 * An Atom (RFC 4287) document of threads. Titles are `type="text"` and bodies escaped HTML, both
 * written as character data (xml.server.ts), so no title can end a section early and add a
 * link. An entry's id is `<site>/t/<id>`, which a retitled thread keeps.
 */
export function atomXml(entries: AtomEntry[], { title, description, selfUrl, siteUrl }: AtomFeed): string {
  const updated = (entries[0]?.createdAt ?? new Date(0)).toISOString();
  return xmlDocument(
    el("feed", { xmlns: ATOM }, [
      el("id", {}, [selfUrl]),
      el("title", { type: "text" }, [title]),
      el("subtitle", { type: "text" }, [description]),
      el("updated", {}, [updated]),
      el("link", { rel: "alternate", type: "text/html", href: siteUrl }),
      el("link", { rel: "self", type: "application/atom+xml", href: selfUrl }),
      ...entries.map((entry) =>
        el("entry", {}, [
          el("title", { type: "text" }, [entry.title]),
          el("id", {}, [`${siteUrl}/t/${entry.id}`]),
          el("link", { rel: "alternate", type: "text/html", href: `${siteUrl}${threadPagePath(entry)}` }),
          el("published", {}, [entry.createdAt.toISOString()]),
          el("updated", {}, [entry.createdAt.toISOString()]),
          el("author", {}, [el("name", {}, [entry.authorName]), el("uri", {}, [`${siteUrl}${profilePath(entry.authorHandle)}`])]),
          el("category", { term: entry.kind }),
          el("content", { type: "html" }, [entry.bodyHtml]),
        ]),
      ),
    ]),
  );
}

export function atomResponse(entries: AtomEntry[], feed: AtomFeed): Response {
  return xmlResponse(atomXml(entries, feed), { contentType: "application/atom+xml", maxAgeSeconds: 300 });
}
