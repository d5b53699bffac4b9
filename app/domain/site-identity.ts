// Limits and defaults of the site's identity (header, footer, welcome), shared by the settings
// schemas and the admin form; no imports (see roles.ts).
export const HEADER_LINKS_MAX = 4;
export const FOOTER_TEXT_MAX = 280;
export const WELCOME_TEXT_MAX = 280;
export const DEFAULT_WELCOME_TEXT = "Search for an answer, ask a question, and share what you know with other customers.";
/** The header link rows of the identity form, numbered from 1. */
export const HEADER_LINK_SLOTS = Array.from({ length: HEADER_LINKS_MAX }, (_, i) => i + 1);
