import { threadPagePath } from "./post-paths";

// A slug in any script arrives percent-encoded (threadPagePath).
const THREAD_PATH = /^\/t\/\d+(\/(?:[A-Za-z0-9-]|%[0-9A-F]{2})*)?$/;

/** Where a suggestion on the ask page points: through the tracking link when there is a visit to record. */
export function suggestionLink(thread: { id: number; slug: string }, askSession: string | undefined): string {
  const to = threadPagePath(thread);
  return askSession ? `/api/v1/ask-sessions/${askSession}/opened?to=${encodeURIComponent(to)}` : to;
}

/** Only our own thread pages may be the target of the tracking redirect (no open redirect). */
export function safeThreadPath(to: string | null): string {
  return to && THREAD_PATH.test(to) ? to : "/";
}
