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
}

export function emptyServerDocument(): ServerDocument {
  return { jsonLd: null };
}

// On the client there is no server document: what the server wrote stays as it was.
const ServerDocumentContext = createContext<ServerDocument | null>(null);
export const ServerDocumentProvider = ServerDocumentContext.Provider;

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
