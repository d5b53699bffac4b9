import { threadPagePath } from "~/utils/post-paths";

const THREAD_PATH = /^\/t\/(\d+)(?:\/([^/?#\\]*))?$/;
// What slugify() leaves: letters, digits and marks of any script, and hyphens.
const SLUG = /^[\p{Letter}\p{Number}\p{Mark}-]+$/u;

/** Where a suggestion on the ask page points: through the tracking link when there is a visit to record. */
export function suggestionLink(thread: { id: number; slug: string }, askSession: string | undefined): string {
  const to = threadPagePath(thread);
  return askSession ? `/api/v1/ask-sessions/${askSession}/opened?to=${encodeURIComponent(to)}` : to;
}

/**
 * Only our own thread pages may be the target of the tracking redirect (no open redirect). The slug
 * may come raw or percent-encoded and in any script (a Chinese title has a Chinese slug); it goes
 * out percent-encoded, as a Location header must be. Anything else in its place leaves `/t/<id>`,
 * which redirects to the thread's address.
 */
export function safeThreadPath(to: string | null): string {
  const match = to ? THREAD_PATH.exec(to) : null;
  if (!match) return "/";
  let slug = match[2] ?? "";
  try {
    slug = decodeURIComponent(slug);
  } catch {
    slug = "";
  }
  return SLUG.test(slug) ? `/t/${match[1]}/${encodeURIComponent(slug)}` : `/t/${match[1]}`;
}

/** The thread a (safe) tracking target names, or null for the home page fallback. */
export function threadIdOfPath(path: string): number | null {
  const id = Number(/^\/t\/(\d+)/.exec(path)?.[1]);
  return Number.isSafeInteger(id) ? id : null;
}
