import { createContext, useContext } from "react";
import { useNonce } from "~/utils/nonce";

/**
 * What a loader writes into the server-rendered document alone, beside its loader data: the
 * browser never needs it again, so it is not serialized into the page a second time for
 * hydration (issue 14: lean HTML). Filled during the request, read while rendering.
 */
export interface ServerDocument {
  /** schema.org JSON, already safe inside a <script>, for crawlers reading the HTML. */
  jsonLd: string | null;
  /**
   * Posts' HTML by post id, written into the page where each post is drawn and not into the
   * loader data (withPostBodiesInDocument). Null when the response is loader data itself (a
   * client navigation or revalidation, `*.data`): the bodies then travel in the data.
   */
  postBodies: Map<number, string> | null;
}

export function emptyServerDocument({ rendersDocument }: { rendersDocument: boolean }): ServerDocument {
  return { jsonLd: null, postBodies: rendersDocument ? new Map() : null };
}

/**
 * The posts as loader data: their HTML goes into the document instead when it renders one (a
 * thread page's post bodies were a third of its HTML twice over, and encoding them into the
 * hydration data a twentieth of a signed-in page's CPU; issue 14: lean HTML).
 */
export function withPostBodiesInDocument<Post extends { id: number; bodyHtml: string }>(
  document: ServerDocument,
  posts: Post[],
): (Omit<Post, "bodyHtml"> & { bodyHtml?: string })[] {
  const bodies = document.postBodies;
  if (!bodies) return posts;
  return posts.map(({ bodyHtml, ...post }) => {
    bodies.set(post.id, bodyHtml);
    return post;
  });
}

// On the client there is no server document: what the server wrote stays as it was.
const ServerDocumentContext = createContext<ServerDocument | null>(null);
export const ServerDocumentProvider = ServerDocumentContext.Provider;

// Bodies the browser read back from the page it was sent, by post id: a post drawn again (a
// component remounted) finds its words although its first element is gone.
const bodiesReadFromPage = new Map<number, string>();

/**
 * A post's words: from its data when they came with it, else as the server wrote them into the
 * page (withPostBodiesInDocument): from the server document while rendering it, and in the
 * browser from the page itself, read back before hydrating it, so both render the same HTML.
 */
export function PostBody({ post: { id, bodyHtml } }: { post: { id: number; bodyHtml?: string } }) {
  const serverDocument = useContext(ServerDocumentContext);
  let html = bodyHtml ?? serverDocument?.postBodies?.get(id);
  if (html === undefined && !serverDocument) {
    html = bodiesReadFromPage.get(id) ?? document.querySelector(`#post-${id} .prose`)?.innerHTML;
    bodiesReadFromPage.set(id, html ?? "");
  }
  return <div className="prose" dangerouslySetInnerHTML={{ __html: html ?? "" }} />;
}

/**
 * The page's JSON-LD as the server wrote it. The browser renders the same element empty: React
 * keeps a hydrated element's inner HTML as the server sent it, and `key` gives another page of the
 * same route (a client navigation) a fresh, empty element instead of the previous page's data.
 */
export function ServerJsonLd({ pageKey }: { pageKey: string }) {
  const document = useContext(ServerDocumentContext);
  const nonce = useNonce();
  return (
    <script
      key={pageKey}
      type="application/ld+json"
      nonce={nonce}
      dangerouslySetInnerHTML={{ __html: document?.jsonLd ?? "" }}
      suppressHydrationWarning
    />
  );
}
