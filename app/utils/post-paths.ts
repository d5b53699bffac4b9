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

/** A thread's address (`/t/<id>/<slug>`), with `?page=` past the first page; every link to a thread uses it. */
export function threadPagePath(thread: { id: number; slug: string }, page = 1): string {
  return `/t/${thread.id}/${thread.slug}${page > 1 ? `?page=${page}` : ""}`;
}

/** Where every link to a post leads: the thread page that shows it, at its anchor. */
export function postPath(thread: ThreadRef, post: { id: number; position: number }): string {
  return `${threadPagePath(thread, pageOfPost(post, thread.acceptedPostId))}#post-${post.id}`;
}
