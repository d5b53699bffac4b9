import { and, asc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { posts, threads, type Thread } from "@db/schema";

/**
 * The status a thread's rows imply: solved with an accepted answer, answered once anyone but the
 * asker has a live post in it, else open. A moderator's "closed" is left alone.
 */
export function refreshThreadStatus(tx: Db, threadId: number): void {
  const thread = tx.select().from(threads).where(eq(threads.id, threadId)).get();
  if (!thread || thread.status === "closed") return;
  const status = thread.acceptedPostId ? "solved" : hasLiveResponse(tx, thread) ? "answered" : "open";
  const hasStaffReply = !!tx
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.threadId, threadId), gt(posts.position, 1), isNull(posts.deletedAt), ne(posts.authorRole, "member")))
    .get();
  if (status !== thread.status || hasStaffReply !== thread.hasStaffReply) {
    tx.update(threads).set({ status, hasStaffReply }).where(eq(threads.id, threadId)).run();
  }
}

/**
 * After a response is deleted, the first response is the earliest live post by anyone but the
 * asker, or none: a thread whose only answer was deleted waits again, and the escalation sweep
 * (which looks for threads without a first response) flags it once its deadline has passed.
 */
export function refreshFirstResponse(tx: Db, thread: Pick<Thread, "id" | "authorId">): void {
  const first = tx
    .select({ createdAt: posts.createdAt, authorRole: posts.authorRole })
    .from(posts)
    .where(and(eq(posts.threadId, thread.id), gt(posts.position, 1), isNull(posts.deletedAt), ne(posts.authorId, thread.authorId)))
    .orderBy(asc(posts.position))
    .get();
  tx.update(threads)
    .set({ firstResponseAt: first?.createdAt ?? null, firstResponseByStaff: first ? first.authorRole !== "member" : null })
    .where(eq(threads.id, thread.id))
    .run();
}

function hasLiveResponse(tx: Db, thread: Pick<Thread, "id" | "authorId">): boolean {
  return !!tx
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.threadId, thread.id), gt(posts.position, 1), isNull(posts.deletedAt), ne(posts.authorId, thread.authorId)))
    .get();
}

export function nextPosition(tx: Db, threadId: number): number {
  const row = tx.select({ max: sql<number>`max(${posts.position})` }).from(posts).where(eq(posts.threadId, threadId)).get();
  return (row?.max ?? 0) + 1;
}
