import { threadPagePath } from "./post-paths";

const THREAD_PATH = /^\/t\/\d+(\/[A-Za-z0-9-]*)?$/;

/** Where a suggestion on the ask page points: through the tracking link when there is a visit to record. */
export function suggestionLink(thread: { id: number; slug: string }, askSession: string | undefined): string {
  const to = threadPagePath(thread);
  return askSession ? `/api/v1/ask-sessions/${askSession}/opened?to=${encodeURIComponent(to)}` : to;
}

/** Only our own thread pages may be the target of the tracking redirect (no open redirect). */
export function safeThreadPath(to: string | null): string {
  return to && THREAD_PATH.test(to) ? to : "/";
}

/** The thread a (safe) tracking target names, or null for the home page fallback. */
export function threadIdOfPath(path: string): number | null {
  const id = Number(/^\/t\/(\d+)/.exec(path)?.[1]);
  return Number.isSafeInteger(id) ? id : null;
}
