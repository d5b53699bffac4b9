import { and, eq, gt, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { categories, follows, meToo, notifications, posts, threads, type Thread } from "@db/schema";
import { can, type Action, type Actor } from "~/auth/permissions";
import { ThreadRefSchema } from "~/schemas/threads.server";
import { preparedQuery } from "~/utils/prepared-queries.server";
import { withdrawAcceptedPost } from "./accept.server";
import { recordAudit } from "./audit-log.server";
import { Conflict, Forbidden, Invalid, NotFound } from "./errors";
import { changeAnswerCount } from "./reputation.server";
import { enqueueSearchSync } from "./search-outbox.server";
import { isThreadDeleted, type Deps } from "./thread-access.server";
import { nextPosition, refreshFirstResponse, refreshThreadStatus } from "./thread-state.server";

/** Redirects follow at most this many merges (A into B, later B into C); merging repoints older ones. */
const MAX_MERGE_HOPS = 5;

function requirePermission(actor: Actor | null, action: Action, now: Date): Actor {
  if (!actor || !can(actor, action, {}, now)) throw new Forbidden("Only moderators can do that.");
  return actor;
}

function parseTarget(ref: unknown): number {
  const parsed = ThreadRefSchema.safeParse(ref ?? "");
  if (!parsed.success) throw new Invalid({ targetThreadId: parsed.error.issues[0]?.message ?? "Give a thread's number or address" });
  return parsed.data;
}

/** The thread acted on: it exists, is not deleted and was not merged away. */
function findSource(db: Db, threadId: number): Thread {
  const thread = db.select().from(threads).where(eq(threads.id, threadId)).get();
  if (!thread || thread.mergedIntoId || isThreadDeleted(db, threadId)) throw new NotFound("No such thread");
  return thread;
}

/** The canonical thread named in the form: another live, visible thread that stands on its own. */
function findTarget(db: Db, source: Thread, targetId: number, verb: "merge into" | "close as a duplicate of"): Thread {
  if (targetId === source.id) throw new Conflict(`A thread cannot ${verb} itself.`, "targetThreadId");
  const target = db.select().from(threads).where(eq(threads.id, targetId)).get();
  if (!target || (!target.mergedIntoId && (target.hidden || isThreadDeleted(db, targetId)))) throw new NotFound(`There is no thread #${targetId}.`, "targetThreadId");
  if (target.mergedIntoId) throw new Conflict(`Thread #${targetId} was itself merged into #${target.mergedIntoId}: use that one.`, "targetThreadId");
  if (target.duplicateOfId) throw new Conflict(`Thread #${targetId} is closed as a duplicate of #${target.duplicateOfId}: use that one.`, "targetThreadId");
  return target;
}

/**
 * Where an old thread address leads after merges: the thread it was merged into (following later
 * merges of that one), or null for a thread that was never merged.
 */
export function findMergeDestination({ db }: { db: Db }, threadId: number): Pick<Thread, "id" | "slug"> | null {
  const query = preparedQuery(db, "threadMergedInto", () =>
    db.select({ id: threads.id, slug: threads.slug, mergedIntoId: threads.mergedIntoId }).from(threads).where(eq(threads.id, sql.placeholder("threadId"))).prepare(),
  );
  let current = query.get({ threadId });
  if (!current?.mergedIntoId) return null;
  for (let hop = 0; hop < MAX_MERGE_HOPS && current?.mergedIntoId; hop++) {
    current = query.get({ threadId: current.mergedIntoId });
  }
  return current && !current.mergedIntoId ? { id: current.id, slug: current.slug } : null;
}

/** The title and address of a thread another links to (a duplicate's canonical thread). */
export function findThreadLink({ db }: { db: Db }, threadId: number): Pick<Thread, "id" | "slug" | "title"> | null {
  return db.select({ id: threads.id, slug: threads.slug, title: threads.title }).from(threads).where(eq(threads.id, threadId)).get() ?? null;
}

/**
 * A moderator closes a thread as a duplicate of another: its page links to the canonical thread,
 * it leaves search and similar-question suggestions (its title is searchable through the
 * canonical's document instead, so the canonical surfaces for its words) and it stops waiting
 * for an answer (an open escalation is resolved). Duplicates of it now point at the canonical.
 */
export function closeAsDuplicate(deps: Deps, maybeActor: Actor | null, threadId: number, targetRef: unknown): void {
  const { db, clock } = deps;
  const actor = requirePermission(maybeActor, "closeAsDuplicate", clock.now());
  const targetId = parseTarget(targetRef);
  transaction(db, (tx) => {
    const source = findSource(tx, threadId);
    if (source.duplicateOfId) throw new Conflict(`This thread is already closed as a duplicate of #${source.duplicateOfId}.`, "targetThreadId");
    const target = findTarget(tx, source, targetId, "close as a duplicate of");
    tx.update(threads).set({ duplicateOfId: target.id, status: "closed" }).where(eq(threads.id, source.id)).run();
    tx.update(threads).set({ duplicateOfId: target.id }).where(eq(threads.duplicateOfId, source.id)).run();
    resolveOpenEscalation(tx, clock.now(), actor, source.id, "duplicate");
    enqueueSearchSync(tx, clock, source.id);
    enqueueSearchSync(tx, clock, target.id);
    recordAudit(tx, clock, { actorId: actor.id, action: "thread.duplicate", threadId: source.id, targetUserId: source.authorId, details: { duplicateOf: target.id } });
  });
}

/** A moderator reopens a thread closed as a duplicate: it is its own thread again, back in search. */
export function reopenDuplicate(deps: Deps, maybeActor: Actor | null, threadId: number): void {
  const { db, clock } = deps;
  const actor = requirePermission(maybeActor, "closeAsDuplicate", clock.now());
  transaction(db, (tx) => {
    const thread = findSource(tx, threadId);
    if (!thread.duplicateOfId) throw new Conflict("This thread is not closed as a duplicate.");
    tx.update(threads).set({ duplicateOfId: null, status: "open" }).where(eq(threads.id, thread.id)).run();
    refreshThreadStatus(tx, thread.id);
    enqueueSearchSync(tx, clock, thread.id);
    enqueueSearchSync(tx, clock, thread.duplicateOfId);
    recordAudit(tx, clock, { actorId: actor.id, action: "thread.reopen", threadId: thread.id, targetUserId: thread.authorId, details: { wasDuplicateOf: thread.duplicateOfId } });
  });
}

/**
 * A moderator merges a thread into another. Its posts (the question becomes a reply) move after
 * the target's, with their votes, flags and revisions; its me-toos and followers join the
 * target's (once per person; never the target's own asker's me-too); its notifications lead to
 * the target. The target's accepted answer wins: the source's is withdrawn, with its credit, when
 * the target already has one, and carried over when it has none. Every counter is recomputed
 * from the rows (views add up), answer counts follow who now answers whom, and the target's
 * first response and escalation are re-read. The source is hidden (its address redirects with 301), leaves its
 * category's count and the search index, and its own escalation is closed. Checks run inside the
 * one transaction, so a thread being merged meanwhile is seen as merged and nothing changes.
 */
export function mergeThread(deps: Deps, maybeActor: Actor | null, threadId: number, targetRef: unknown): { targetId: number } {
  const { db, clock } = deps;
  const actor = requirePermission(maybeActor, "mergeThread", clock.now());
  const targetId = parseTarget(targetRef);
  return transaction(db, (tx) => {
    const source = findSource(tx, threadId);
    const target = findTarget(tx, source, targetId, "merge into");
    const now = clock.now();

    if (source.acceptedPostId && target.acceptedPostId) withdrawAcceptedPost(tx, deps, source);
    const carriedAnswer = !target.acceptedPostId && source.acceptedPostId ? { id: source.acceptedPostId, solvedAt: source.solvedAt ?? now } : null;
    shiftAnswerCounts(tx, source, target);

    const offset = nextPosition(tx, target.id) - 1;
    tx.update(posts).set({ threadId: target.id, position: sql`${posts.position} + ${offset}` }).where(eq(posts.threadId, source.id)).run();
    const meToos = tx.select().from(meToo).where(and(eq(meToo.threadId, source.id), ne(meToo.userId, target.authorId))).all();
    if (meToos.length) tx.insert(meToo).values(meToos.map((row) => ({ ...row, threadId: target.id }))).onConflictDoNothing().run();
    tx.delete(meToo).where(eq(meToo.threadId, source.id)).run();
    const followers = tx.select().from(follows).where(eq(follows.threadId, source.id)).all();
    if (followers.length) tx.insert(follows).values(followers.map((row) => ({ ...row, threadId: target.id }))).onConflictDoNothing().run();
    tx.delete(follows).where(eq(follows.threadId, source.id)).run();
    tx.update(notifications).set({ threadId: target.id }).where(eq(notifications.threadId, source.id)).run();
    // Older merges and duplicates that led to the source lead to the target in one hop.
    tx.update(threads).set({ mergedIntoId: target.id }).where(eq(threads.mergedIntoId, source.id)).run();
    tx.update(threads).set({ duplicateOfId: target.id }).where(eq(threads.duplicateOfId, source.id)).run();

    tx.update(threads)
      .set({
        mergedIntoId: target.id,
        hidden: true,
        status: "closed",
        duplicateOfId: null,
        acceptedPostId: null,
        solvedAt: null,
        replyCount: 0,
        voteCount: 0,
        meTooCount: 0,
        viewCount: 0,
        hasStaffReply: false,
        escalationDueAt: null,
      })
      .where(eq(threads.id, source.id))
      .run();
    resolveOpenEscalation(tx, now, actor, source.id, "merged");
    tx.update(categories).set({ threadCount: sql`${categories.threadCount} - 1` }).where(eq(categories.id, source.categoryId)).run();

    recountThread(tx, target.id, carriedAnswer, source.lastActivityAt > target.lastActivityAt ? source.lastActivityAt : target.lastActivityAt);
    tx.update(threads).set({ viewCount: sql`${threads.viewCount} + ${source.viewCount}` }).where(eq(threads.id, target.id)).run();
    refreshFirstResponse(tx, target);
    refreshThreadStatus(tx, target.id);
    const refreshed = tx.select().from(threads).where(eq(threads.id, target.id)).get()!;
    if (refreshed.firstResponseAt) resolveOpenEscalation(tx, now, actor, target.id, "responded");

    enqueueSearchSync(tx, clock, source.id);
    enqueueSearchSync(tx, clock, target.id);
    recordAudit(tx, clock, {
      actorId: actor.id,
      action: "thread.merge",
      threadId: source.id,
      targetUserId: source.authorId,
      details: { into: target.id, acceptedAnswer: carriedAnswer ? "source's" : target.acceptedPostId ? "target's" : null },
    });
    return { targetId: target.id };
  });
}

/**
 * A post is an answer when someone other than its thread's asker wrote it. Moving posts between
 * threads with different askers changes that for the source's question and for posts by either
 * asker; each author's answer count follows.
 */
function shiftAnswerCounts(tx: Db, source: Thread, target: Thread): void {
  const moved = tx
    .select({ authorId: posts.authorId, position: posts.position })
    .from(posts)
    .where(and(eq(posts.threadId, source.id), isNull(posts.deletedAt)))
    .all();
  const deltas = new Map<string, number>();
  for (const post of moved) {
    const was = post.position > 1 && post.authorId !== source.authorId ? 1 : 0;
    const is = post.authorId !== target.authorId ? 1 : 0;
    if (is !== was) deltas.set(post.authorId, (deltas.get(post.authorId) ?? 0) + is - was);
  }
  for (const [authorId, delta] of deltas) if (delta !== 0) changeAnswerCount(tx, authorId, delta);
}

/** The target's counters, read from its rows after the merge. */
function recountThread(tx: Db, threadId: number, carriedAnswer: { id: number; solvedAt: Date } | null, lastActivityAt: Date): void {
  const live = and(eq(posts.threadId, threadId), gt(posts.position, 1), isNull(posts.deletedAt));
  const replies = tx.select({ n: sql<number>`count(*)`, votes: sql<number>`coalesce(sum(${posts.helpfulCount}), 0)` }).from(posts).where(live).get();
  const meToos = tx.select({ n: sql<number>`count(*)` }).from(meToo).where(eq(meToo.threadId, threadId)).get();
  tx.update(threads)
    .set({
      replyCount: replies?.n ?? 0,
      voteCount: replies?.votes ?? 0,
      meTooCount: meToos?.n ?? 0,
      lastActivityAt,
      ...(carriedAnswer ? { acceptedPostId: carriedAnswer.id, solvedAt: carriedAnswer.solvedAt } : {}),
    })
    .where(eq(threads.id, threadId))
    .run();
}

/** Closes a flagged, unresolved escalation of a thread that no longer waits for staff. */
function resolveOpenEscalation(tx: Db, now: Date, actor: Actor, threadId: number, resolution: string): void {
  tx.update(threads)
    .set({ escalationResolvedAt: now, escalationResolvedBy: actor.id, escalationResolution: resolution })
    .where(and(eq(threads.id, threadId), isNotNull(threads.escalatedAt), isNull(threads.escalationResolvedAt)))
    .run();
}
