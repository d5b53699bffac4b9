// Plain values and record types about threads; no imports (see roles.ts).
export const THREAD_KINDS = ["question", "problem", "idea", "praise"] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export const THREAD_STATUSES = ["open", "answered", "solved", "closed"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/** Form limits, checked on the server and shown by the forms (maxLength, the counter). */
export const TITLE_MAX = 150;
export const BODY_MAX = 20_000;

export const THREAD_FILTERS = ["latest", "unanswered", "solved"] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];

/** What a thread listing shows: one filter, maybe one kind, maybe a keyset cursor. */
export interface ThreadListQuery {
  filter: ThreadFilter;
  kind?: ThreadKind | undefined;
  after?: string | undefined;
}

/** A thread suggested beside the ask form's title. */
export interface SimilarThread {
  id: number;
  title: string;
  solved: boolean;
  hasStaffAnswer: boolean;
  href: string;
}
