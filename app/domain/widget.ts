// The widget's words, shared by the embed's schema, its pages and the admin snippet; no imports (see roles.ts).

/** The words of the widget a brand may replace with `data-lang-<key>` (defaults in English). */
export const EMBED_TEXT = {
  launcher: "Need help?",
  close: "Close help",
  search: "Search for answers",
  ask: "Ask the community",
  popular: "Popular answers",
  noresults: "No answers match that yet.",
  open: "Open in community",
  back: "Back to answers",
} as const;
export type EmbedTextKey = keyof typeof EMBED_TEXT;
