// Plain values and pure helpers of the search page, the search API and settings, shared by schemas, services and pages; no imports (see roles.ts).
export const SEARCH_SORTS = ["relevance", "newest", "helpful"] as const;
export const SEARCH_PAGE_SIZE = 20;
export const MAX_SYNONYM_GROUPS = 200;

/**
 * Highlighted text (the engine's private-use markers \uE000…\uE001 around each match, as
 * components/highlighted.tsx shows them) for JSON clients: HTML-escaped, only the markers become <mark>.
 */
export function highlightToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return escaped.replace(/\uE000([^\uE000\uE001]*)\uE001/g, "<mark>$1</mark>").replace(/[\uE000\uE001]/g, "");
}

export function stripHighlight(text: string): string {
  return text.replace(/[\uE000\uE001]/g, "");
}
