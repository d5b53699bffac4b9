// Plain values of the search page and settings, shared by schemas, services and pages; no imports (see roles.ts).
export const SEARCH_SORTS = ["relevance", "newest", "helpful"] as const;
export const SEARCH_PAGE_SIZE = 20;
export const MAX_SYNONYM_GROUPS = 200;
