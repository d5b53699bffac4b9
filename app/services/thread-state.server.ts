import { and, asc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { posts, threads, type Thread } from "@db/schema";
import { preparedQuery, setPlaceholder } from "~/utils/prepared-queries.server";
import { threadById } from "./thread-access.server";

/**
 * The status a thread's rows imply: solved with an accepted answer, answered once anyone but the
 * asker has a live post in it, else open. A moderator's "closed" is left alone.
 */
export function refreshThreadStatus(tx: Db, threadId: number): void {
  const thread = threadById(tx, threadId);
  if (!thread || thread.status === "closed") return;
  const status = thread.acceptedPostId ? "solved" : hasLiveResponse(tx, thread) ? "answered" : "open";
  // Prepared once: every answer posted runs this inside its write (issue 14).
  const hasStaffReply = !!preparedQuery(tx, "threadHasStaffReply", () =>
    tx
      .select({ id: posts.id })
      .from(posts)
      .where(and(eq(posts.threadId, sql.placeholder("threadId")), gt(posts.position, 1), isNull(posts.deletedAt), ne(posts.authorRole, "member")))
      .prepare(),
  ).get({ threadId });
  if (status !== thread.status || hasStaffReply !== thread.hasStaffReply) {
    preparedQuery(tx, "setThreadStatus", () =>
      tx
        .update(threads)
        .set({ status: setPlaceholder("status"), hasStaffReply: setPlaceholder("hasStaffReply") })
        .where(eq(threads.id, sql.placeholder("threadId")))
        .prepare(),
    ).run({ status, hasStaffReply, threadId });
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
  return !!preparedQuery(tx, "threadHasLiveResponse", () =>
    tx
      .select({ id: posts.id })
      .from(posts)
      .where(and(eq(posts.threadId, sql.placeholder("threadId")), gt(posts.position, 1), isNull(posts.deletedAt), ne(posts.authorId, sql.placeholder("askerId"))))
      .prepare(),
  ).get({ threadId: thread.id, askerId: thread.authorId });
}

export function nextPosition(tx: Db, threadId: number): number {
  const row = preparedQuery(tx, "lastPostPosition", () =>
    tx.select({ max: sql<number>`max(${posts.position})` }).from(posts).where(eq(posts.threadId, sql.placeholder("threadId"))).prepare(),
  ).get({ threadId });
  return (row?.max ?? 0) + 1;
}
