import { and, eq, sql } from "drizzle-orm";
import { preparedQuery } from "~/utils/prepared-queries.server";
import type { Db } from "@db/client.server";
import { posts, threads, type Thread } from "@db/schema";
import { can, hasRole, isSuspended, type Action, type Actor } from "~/auth/permissions";
import type { Clock } from "~/utils/clock";
import { Conflict, Forbidden, NotFound } from "./errors";

export interface Deps {
  db: Db;
  clock: Clock;
}

/** A thread is deleted when its question (post 1) is. */
export function isThreadDeleted(db: Db, threadId: number): boolean {
  const first = preparedQuery(db, "questionDeletedAt", () =>
    db
      .select({ deletedAt: posts.deletedAt })
      .from(posts)
      .where(and(eq(posts.threadId, sql.placeholder("threadId")), eq(posts.position, 1)))
      .prepare(),
  ).get({ threadId });
  return !first || first.deletedAt !== null;
}

/** A thread's row, whatever its state. */
export function threadById(db: Db, threadId: number): Thread | undefined {
  return preparedQuery(db, "threadById", () => db.select().from(threads).where(eq(threads.id, sql.placeholder("threadId"))).prepare()).get({ threadId });
}

/** Readers see a thread unless it is hidden or deleted; moderators see those too. */
export function findVisibleThread(db: Db, threadId: number, viewer: Actor | null): Thread {
  const thread = threadById(db, threadId);
  if (!thread) throw new NotFound("No such thread");
  if ((thread.hidden || isThreadDeleted(db, threadId)) && !hasRole(viewer, "moderator")) {
    throw new NotFound("No such thread");
  }
  return thread;
}

/** The thread whose address a post is acted on from: a thread page's forms name it. */
export interface PostScope {
  threadId?: number;
}

/**
 * A post acted on from a thread's page must be in that thread: a form naming a post of another
 * thread is refused (409, shown on the page), whatever the actor may do there.
 */
export function requirePostInThread(post: { threadId: number }, scope: PostScope): void {
  if (scope.threadId !== undefined && post.threadId !== scope.threadId) throw new Conflict("That post is not in this thread.");
}

/**
 * The thread `actor` wants to change, after the checks every write shares: it exists and is not
 * deleted, the actor is not suspended, and a locked thread takes changes from moderators only.
 */
export function requireWritableThread(
  { db, clock }: Deps,
  actor: Actor,
  threadId: number,
  action: Action,
  subject: { authorId?: string } = {},
): Thread {
  const thread = threadById(db, threadId);
  if (!thread || isThreadDeleted(db, threadId)) throw new NotFound("No such thread");
  if (thread.hidden && !hasRole(actor, "moderator")) throw new NotFound("No such thread");
  const now = clock.now();
  if (isSuspended(actor, now) && !hasRole(actor, "moderator")) {
    throw new Forbidden("Your account is suspended, so you cannot post or vote for now.");
  }
  if (thread.locked && !hasRole(actor, "moderator")) throw new Forbidden("This thread is locked.");
  if (!can(actor, action, { ...subject, threadAuthorId: thread.authorId, locked: thread.locked }, now)) {
    throw new Forbidden("You are not allowed to do that.");
  }
  return thread;
}
