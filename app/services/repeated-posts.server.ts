import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { posts, threads } from "@db/schema";
import type { Clock } from "~/utils/clock";
import { preparedQuery } from "~/utils/prepared-queries.server";
import { Conflict, RateLimited } from "./errors";
import { describeWait } from "./rate-limit.server";

/**
 * How long the same words from the same person count as a repeat, by default: a second press of
 * the button, a form sent again, or one message pasted into thread after thread (issue 12).
 * Admins change it (`spamRepeatMinutes`).
 */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/** Two texts are the same post when they differ only in spacing (or Unicode spelling). */
export function sameWords(a: string, b: string): boolean {
  const words = (text: string) => text.normalize("NFC").trim().replace(/\s+/g, " ");
  return words(a) === words(b);
}

// A repeat is of something just posted: the author's newest posts are enough to look at. Read
// by author and time only (posts_author_idx), never through a thread's posts, however long it is.
const LOOK_BACK = 20;

function recentPostsBy(tx: Db, clock: Clock, authorId: string, windowMs: number) {
  // Prepared once: every post written runs it inside its write (issue 14). A placeholder in a
  // condition is not encoded by drizzle: the time goes as the stored milliseconds.
  return preparedQuery(tx, "recentPostsBy", () =>
    tx
      .select({ threadId: posts.threadId, position: posts.position, bodyMd: posts.bodyMd, createdAt: posts.createdAt })
      .from(posts)
      .where(and(eq(posts.authorId, sql.placeholder("authorId")), gt(posts.createdAt, sql.placeholder("since")), isNull(posts.deletedAt)))
      .orderBy(desc(posts.createdAt))
      .limit(LOOK_BACK)
      .prepare(),
  ).all({ authorId, since: clock.now().getTime() - windowMs });
}

/** Who is writing, and whether the same words elsewhere count against them (staff paste canned answers). */
export interface RepeatCheck {
  authorId: string;
  body: string;
  /** False for staff and trusted members: only a double submit in the same place is refused. */
  acrossThreads: boolean;
  /** The site's `spamRepeatMinutes` in milliseconds (REPEAT_WINDOW_MS by default). */
  windowMs: number;
}

/**
 * The same words posted anywhere else by the author within the window are spam-like: refused
 * with when they may post them again (429), as the other anti-spam limits are.
 */
function refuseRepeatElsewhere(clock: Clock, recent: ReturnType<typeof recentPostsBy>, { body, windowMs }: RepeatCheck): void {
  const earlier = recent.find((post) => sameWords(post.bodyMd, body));
  if (!earlier) return;
  const seconds = Math.max(1, Math.ceil((earlier.createdAt.getTime() + windowMs - clock.now().getTime()) / 1000));
  throw new RateLimited(`You posted these same words a few minutes ago. Write something new, or post them again in ${describeWait(seconds)}.`, seconds);
}

/**
 * A reply that repeats the author's own live reply in the same thread within the window is
 * refused (409), so a double submit never posts twice; for members not exempt from the
 * anti-spam limits, the same words anywhere else too (429). Runs inside the writing transaction,
 * which is IMMEDIATE, so two processes cannot both let the same reply through.
 */
export function refuseRepeatedReply(tx: Db, clock: Clock, check: RepeatCheck & { threadId: number }): void {
  const { authorId, threadId, body } = check;
  const recent = recentPostsBy(tx, clock, authorId, check.windowMs);
  const repeated = recent.some((post) => post.threadId === threadId && post.position > 1 && sameWords(post.bodyMd, body));
  if (repeated) throw new Conflict("You posted this same answer a moment ago: it is already in the thread.", "body");
  if (check.acrossThreads) refuseRepeatElsewhere(clock, recent, check);
}

/** Asking the same question (title and details) twice within the window is refused the same way. */
export function refuseRepeatedThread(tx: Db, clock: Clock, check: RepeatCheck & { title: string }): void {
  const { authorId, title, body } = check;
  const recent = recentPostsBy(tx, clock, authorId, check.windowMs);
  const questions = recent.filter((post) => post.position === 1 && sameWords(post.bodyMd, body));
  if (questions.length > 0) {
    const titles = tx.select({ title: threads.title }).from(threads).where(inArray(threads.id, questions.map((post) => post.threadId))).all();
    if (titles.some((thread) => sameWords(thread.title, title))) {
      throw new Conflict("You asked this same question a moment ago: it is already posted.");
    }
  }
  if (check.acrossThreads) refuseRepeatElsewhere(clock, recent, check);
}
