/** Replies per thread page. Page 1 also carries the question and, under it, the accepted answer. */
export const REPLIES_PER_PAGE = 50;

interface ThreadRef {
  id: number;
  slug: string;
  acceptedPostId: number | null;
}

/**
 * The page that shows a post. Replies go by position, deleted ones keeping their place, so a
 * post never changes page; the question and the accepted answer are on page 1.
 */
export function pageOfPost(post: { id: number; position: number }, acceptedPostId: number | null): number {
  if (post.position <= 1 || post.id === acceptedPostId) return 1;
  return Math.ceil((post.position - 1) / REPLIES_PER_PAGE);
}

/** How many pages a thread has, from the position of its last post. */
export function countPages(lastPosition: number): number {
  return Math.max(1, Math.ceil((lastPosition - 1) / REPLIES_PER_PAGE));
}

/** The positions of the replies a page lists, both ends included. */
export function positionsOfPage(page: number): { first: number; last: number } {
  return { first: (page - 1) * REPLIES_PER_PAGE + 2, last: page * REPLIES_PER_PAGE + 1 };
}

// encodeURIComponent throws on a surrogate without its pair; no slug should hold one, and a
// link must never be what fails.
const encodeSegment = (value: string) => encodeURIComponent(value.replace(/\p{Cs}/gu, "\uFFFD"));

/**
 * A thread's address (`/t/<id>/<slug>`), with `?page=` past the first page; every link to a thread
 * uses it. Slugs keep the title's letters in any script, so the slug is percent-encoded: a header
 * (Location), XML, a mail or a webhook may carry only ASCII. Routes receive it decoded.
 */
export function threadPagePath(thread: { id: number; slug: string }, page = 1): string {
  return `/t/${thread.id}/${encodeSegment(thread.slug)}${page > 1 ? `?page=${page}` : ""}`;
}

/** A category's address; its slug is percent-encoded for the same reason as a thread's. */
export function categoryPath(slug: string): string {
  return `/c/${encodeSegment(slug)}`;
}

/** A member's profile address. */
export function profilePath(handle: string): string {
  return `/u/${encodeSegment(handle)}`;
}

/** Where every link to a post leads: the thread page that shows it, at its anchor. */
export function postPath(thread: ThreadRef, post: { id: number; position: number }): string {
  return `${threadPagePath(thread, pageOfPost(post, thread.acceptedPostId))}#post-${post.id}`;
}
