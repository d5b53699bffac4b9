import { and, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { posts, threads } from "@db/schema";
import type { Clock } from "~/utils/clock";
import { Conflict } from "./errors";

/**
 * How long the same words from the same person count as a repeat: a second press of the button
 * or a form sent again, not a new thought (Discourse's unique_posts_mins is 5 too).
 */
export const REPEAT_WINDOW_MS = 5 * 60_000;

/** Two texts are the same post when they differ only in spacing (or Unicode spelling). */
export function sameWords(a: string, b: string): boolean {
  const words = (text: string) => text.normalize("NFC").trim().replace(/\s+/g, " ");
  return words(a) === words(b);
}

// A repeat is of something just posted: the author's newest posts are enough to look at. Read
// by author and time only (posts_author_idx), never through a thread's posts, however long it is.
const LOOK_BACK = 20;

function recentPostsBy(tx: Db, clock: Clock, authorId: string) {
  return tx
    .select({ threadId: posts.threadId, position: posts.position, bodyMd: posts.bodyMd })
    .from(posts)
    .where(and(eq(posts.authorId, authorId), gt(posts.createdAt, new Date(clock.now().getTime() - REPEAT_WINDOW_MS)), isNull(posts.deletedAt)))
    .orderBy(desc(posts.createdAt))
    .limit(LOOK_BACK)
    .all();
}

/**
 * A reply that repeats the author's own live reply in the same thread within the window is
 * refused (409), so a double submit never posts twice. Runs inside the writing transaction,
 * which is IMMEDIATE, so two processes cannot both let the same reply through.
 */
export function refuseRepeatedReply(tx: Db, clock: Clock, { authorId, threadId, body }: { authorId: string; threadId: number; body: string }): void {
  const repeated = recentPostsBy(tx, clock, authorId).some((post) => post.threadId === threadId && post.position > 1 && sameWords(post.bodyMd, body));
  if (repeated) throw new Conflict("You posted this same answer a moment ago: it is already in the thread.", "body");
}

/** Asking the same question (title and details) twice within the window is refused the same way. */
export function refuseRepeatedThread(tx: Db, clock: Clock, { authorId, title, body }: { authorId: string; title: string; body: string }): void {
  const questions = recentPostsBy(tx, clock, authorId).filter((post) => post.position === 1 && sameWords(post.bodyMd, body));
  if (questions.length === 0) return;
  const titles = tx.select({ title: threads.title }).from(threads).where(inArray(threads.id, questions.map((post) => post.threadId))).all();
  if (titles.some((thread) => sameWords(thread.title, title))) {
    throw new Conflict("You asked this same question a moment ago: it is already posted.");
  }
}
