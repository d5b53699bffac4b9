import { useMatches } from "@remix-run/react";
import { createContext, useContext, type ComponentType, type ReactNode } from "react";

export type EmbedDocumentComponent = ComponentType<{ children: ReactNode; nonce: string }>;

/**
 * The widget's bare document (app/components/embed-document.server.tsx), handed to the root by the
 * server (entry.server.tsx). The widget's pages are never hydrated (they load no React), so the
 * browser has nothing here and does not carry that code (issue 14: a guest's thread page loads at
 * most 90 KB of JavaScript).
 */
const EmbedDocumentSlot = createContext<EmbedDocumentComponent | null>(null);
export const EmbedDocumentProvider = EmbedDocumentSlot.Provider;

/** The document to draw the page in when a matched route says `handle = { embed: true }`; else null. */
export function useEmbedDocument(): EmbedDocumentComponent | null {
  const EmbedDocument = useContext(EmbedDocumentSlot);
  const embed = useMatches().some((match) => (match.handle as { embed?: boolean } | undefined)?.embed === true);
  return embed ? EmbedDocument : null;
}
