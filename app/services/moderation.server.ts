import { eq, sql } from "drizzle-orm";
import { transaction } from "@db/client.server";
import { categories, posts, threads, users, type Post, type Thread } from "@db/schema";
import { REPUTATION } from "~/utils/badges";
import { can, canActOnUser, type Action, type Actor } from "~/auth/permissions";
import type { AuditAction } from "~/domain/moderation";
import { ModerationReasonSchema } from "~/schemas/moderation.server";
import { recordAudit } from "./audit-log.server";
import { Conflict, Forbidden, Invalid, NotFound } from "./errors";
import { escalationDueAt as dueAtFor, recordResponse } from "./escalation.server";
import { changeAnswerCount, changeReputation } from "./reputation.server";
import { enqueueSearchSync } from "./search-outbox.server";
import { getSettings } from "./settings.server";
import { refreshFirstResponse, refreshThreadStatus } from "./thread-state.server";
import { isThreadDeleted, type Deps } from "./thread-access.server";

function requirePermission(actor: Actor | null, action: Action, now: Date): Actor {
  if (!actor || !can(actor, action, {}, now)) throw new Forbidden("Only moderators can do that.");
  return actor;
}

/** A live thread, hidden ones included (moderators act on those too). */
function findThread({ db }: Deps, threadId: number): Thread {
  const thread = db.select().from(threads).where(eq(threads.id, threadId)).get();
  if (!thread || isThreadDeleted(db, threadId)) throw new NotFound("No such thread");
  return thread;
}

/** A live post (of `threadId` when given) whose author the actor may moderate; their own posts too. */
function findModeratablePost({ db }: Deps, actor: Actor, postId: number, threadId?: number): Post {
  const post = db.select().from(posts).where(eq(posts.id, postId)).get();
  if (!post || post.deletedAt || (threadId !== undefined && post.threadId !== threadId)) throw new NotFound("No such post");
  const author = db.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, post.authorId)).get();
  if (author && author.id !== actor.id && !canActOnUser(actor, author)) throw new Forbidden("A moderator cannot act on an admin's or another moderator's post.");
  return post;
}

function parseReason(reason: unknown): string {
  const parsed = ModerationReasonSchema.safeParse(reason ?? "");
  if (!parsed.success) throw new Invalid({ reason: parsed.error.issues[0]?.message ?? "Give a reason" });
  return parsed.data;
}

/**
 * A moderator hides a post (its author and staff still read it, marked; search drops it), or
 * restores a hidden one, whether flags or a moderator hid it. Open flags stay in the queue.
 */
export function setPostHidden(deps: Deps, maybeActor: Actor | null, postId: number, hidden: boolean, { threadId }: { threadId?: number } = {}): void {
  const now = deps.clock.now();
  const actor = requirePermission(maybeActor, "hide", now);
  const post = findModeratablePost(deps, actor, postId, threadId);
  if (hidden && post.hiddenReason === "moderator" && post.hiddenAt) throw new Conflict("This post is already hidden.");
  if (!hidden && !post.hiddenAt) throw new Conflict("This post is not hidden.");
  transaction(deps.db, (tx) => {
    tx.update(posts)
      .set(hidden ? { hiddenAt: now, hiddenReason: "moderator", hiddenBy: actor.id } : { hiddenAt: null, hiddenReason: null, hiddenBy: null })
      .where(eq(posts.id, postId))
      .run();
    enqueueSearchSync(tx, deps.clock, post.threadId);
    recordAudit(tx, deps.clock, {
      actorId: actor.id,
      action: hidden ? "post.hide" : "post.unhide",
      threadId: post.threadId,
      postId,
      targetUserId: post.authorId,
      details: post.hiddenReason ? { before: `hidden by ${post.hiddenReason}` } : null,
    });
  });
}

/** Moderators lock a thread with a reason the page shows (no new replies but theirs), or unlock it. */
export function setThreadLocked(deps: Deps, maybeActor: Actor | null, threadId: number, locked: boolean, reason?: unknown): void {
  const now = deps.clock.now();
  const actor = requirePermission(maybeActor, "lock", now);
  const thread = findThread(deps, threadId);
  if (thread.locked === locked) throw new Conflict(locked ? "This thread is already locked." : "This thread is not locked.");
  const why = locked ? parseReason(reason) : null;
  changeThread(deps, actor, thread, { locked, lockReason: why }, locked ? "thread.lock" : "thread.unlock", why);
}

/** Staff pin a thread to the top of its category and the home page, or unpin it. */
export function setThreadPinned(deps: Deps, maybeActor: Actor | null, threadId: number, pinned: boolean): void {
  const actor = requirePermission(maybeActor, "pin", deps.clock.now());
  const thread = findThread(deps, threadId);
  if (thread.pinned === pinned) throw new Conflict(pinned ? "This thread is already pinned." : "This thread is not pinned.");
  changeThread(deps, actor, thread, { pinned }, pinned ? "thread.pin" : "thread.unpin", null);
}

/**
 * Moderators move a thread to another category: both categories' thread counts follow (a hidden
 * thread is in neither count), and search learns the new category.
 */
export function moveThread(deps: Deps, maybeActor: Actor | null, threadId: number, categoryId: number): void {
  const actor = requirePermission(maybeActor, "moveThread", deps.clock.now());
  const thread = findThread(deps, threadId);
  const from = deps.db.select().from(categories).where(eq(categories.id, thread.categoryId)).get();
  const to = deps.db.select().from(categories).where(eq(categories.id, categoryId)).get();
  if (!to || to.archivedAt) throw new Invalid({ categoryId: "Pick a category that takes threads" });
  if (to.id === thread.categoryId) throw new Conflict("The thread is already in that category.");
  // A thread still waiting for its first response gets the new category's deadline, counted from
  // when it was asked (a flagged or answered thread keeps what it has).
  const waiting = thread.status === "open" && !thread.escalatedAt && !thread.firstResponseAt;
  const escalationDueAt = waiting ? dueAtFor(to, getSettings(deps), thread.createdAt) : thread.escalationDueAt;
  transaction(deps.db, (tx) => {
    tx.update(threads).set({ categoryId, escalationDueAt }).where(eq(threads.id, threadId)).run();
    if (!thread.hidden) {
      tx.update(categories).set({ threadCount: sql`${categories.threadCount} - 1` }).where(eq(categories.id, thread.categoryId)).run();
      tx.update(categories).set({ threadCount: sql`${categories.threadCount} + 1` }).where(eq(categories.id, categoryId)).run();
    }
    enqueueSearchSync(tx, deps.clock, threadId);
    recordAudit(tx, deps.clock, { actorId: actor.id, action: "thread.move", threadId, targetUserId: thread.authorId, details: { from: from?.slug ?? null, to: to.slug } });
  });
}

function changeThread(deps: Deps, actor: Actor, thread: Thread, change: Partial<Thread>, action: AuditAction, reason: string | null): void {
  transaction(deps.db, (tx) => {
    tx.update(threads).set(change).where(eq(threads.id, thread.id)).run();
    recordAudit(tx, deps.clock, { actorId: actor.id, action, threadId: thread.id, targetUserId: thread.authorId, reason });
  });
}

/**
 * A moderator restores a deleted post, undoing what deleting it did: the thread's reply and vote
 * counts, the author's reputation for its helpful votes and their answer count, the first
 * response (a restored answer stops a waiting thread's escalation clock and resolves an open
 * escalation, as a new answer would) and the search index. An acceptance withdrawn by the
 * deletion stays withdrawn: the asker may accept it again. Restoring the question restores
 * the thread (listings, category count, search). A reply of a deleted thread waits for its
 * question to be restored first.
 */
export function restorePost(deps: Deps, maybeActor: Actor | null, postId: number, { threadId }: { threadId?: number } = {}): void {
  const { db, clock } = deps;
  const actor = requirePermission(maybeActor, "restorePost", clock.now());
  const post = db.select().from(posts).where(eq(posts.id, postId)).get();
  if (!post || (threadId !== undefined && post.threadId !== threadId)) throw new NotFound("No such post");
  const thread = db.select().from(threads).where(eq(threads.id, post.threadId)).get();
  if (!thread || thread.mergedIntoId) throw new NotFound("No such thread");
  const author = db.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, post.authorId)).get();
  if (author && author.id !== actor.id && !canActOnUser(actor, author)) throw new Forbidden("A moderator cannot act on an admin's or another moderator's post.");
  if (!post.deletedAt) throw new Conflict("This post is not deleted.");
  if (post.position > 1 && isThreadDeleted(db, thread.id)) throw new Conflict("Restore the question first: this thread is deleted.");

  transaction(db, (tx) => {
    tx.update(posts).set({ deletedAt: null, deletedBy: null }).where(eq(posts.id, postId)).run();
    if (post.position === 1) {
      tx.update(threads).set({ hidden: false }).where(eq(threads.id, thread.id)).run();
      tx.update(categories).set({ threadCount: sql`${categories.threadCount} + 1` }).where(eq(categories.id, thread.categoryId)).run();
    } else {
      tx.update(threads)
        .set({ replyCount: sql`${threads.replyCount} + 1`, voteCount: sql`${threads.voteCount} + ${post.helpfulCount}` })
        .where(eq(threads.id, thread.id))
        .run();
      changeReputation(tx, post.authorId, REPUTATION.helpful * post.helpfulCount);
      if (post.authorId !== thread.authorId) {
        changeAnswerCount(tx, post.authorId, 1);
        refreshFirstResponse(tx, thread);
        if (author) recordResponse(tx, clock, thread, author);
      }
      refreshThreadStatus(tx, thread.id);
    }
    enqueueSearchSync(tx, clock, thread.id);
    recordAudit(tx, clock, {
      actorId: actor.id,
      action: post.position === 1 ? "thread.restore" : "post.restore",
      threadId: thread.id,
      postId,
      targetUserId: post.authorId,
    });
  });
}
