import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { transaction } from "@db/client.server";
import { meToo, posts, threads, votes } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import type { Clock } from "~/utils/clock";
import { REPUTATION } from "~/utils/badges";
import { Conflict, Forbidden, NotFound } from "./errors";
import { addFollower } from "./follows.server";
import { createNotifications } from "./notifications.server";
import { changeReputation } from "./reputation.server";
import { enqueueSearchSync } from "./search-outbox.server";
import { requirePostInThread, requireWritableThread, type Deps, type PostScope } from "./thread-access.server";

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && String(error.code).startsWith("SQLITE_CONSTRAINT");
}

function findVotablePost(deps: Deps, actor: Actor | null, postId: number, scope: PostScope) {
  if (!actor) throw new Forbidden("Sign in to vote.");
  const post = deps.db.select().from(posts).where(eq(posts.id, postId)).get();
  if (!post || post.deletedAt) throw new NotFound("No such post");
  requirePostInThread(post, scope);
  if (post.position === 1) throw new Forbidden("Only answers can be voted helpful.");
  if (post.authorId === actor.id) throw new Forbidden("You cannot vote on your own post.");
  requireWritableThread(deps, actor, post.threadId, "vote", { authorId: post.authorId });
  return { actor, post };
}

/**
 * One "helpful" vote per person on someone else's answer: +2 reputation to its author. From a
 * thread's page (`scope.threadId`), only an answer of that thread.
 */
export function voteHelpful(deps: Deps, maybeActor: Actor | null, postId: number, scope: PostScope = {}): void {
  const { actor, post } = findVotablePost(deps, maybeActor, postId, scope);
  try {
    transaction(deps.db, (tx) => {
      tx.insert(votes).values({ userId: actor.id, postId, createdAt: deps.clock.now() }).run();
      tx.update(posts).set({ helpfulCount: sql`${posts.helpfulCount} + 1` }).where(eq(posts.id, postId)).run();
      tx.update(threads).set({ voteCount: sql`${threads.voteCount} + 1` }).where(eq(threads.id, post.threadId)).run();
      changeReputation(tx, post.authorId, REPUTATION.helpful);
      createNotifications(tx, deps.clock, [{ userId: post.authorId, kind: "helpful", threadId: post.threadId, postId, actorId: actor.id }]);
      // Votes rank search results ("most helpful", and the engines' boost for helpful threads).
      enqueueSearchSync(tx, deps.clock, post.threadId);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict("You already voted this answer helpful.");
    throw error;
  }
}

/** Takes a helpful vote back, and the reputation it gave; without a vote nothing changes. */
export function withdrawHelpful(deps: Deps, maybeActor: Actor | null, postId: number, scope: PostScope = {}): void {
  const { actor, post } = findVotablePost(deps, maybeActor, postId, scope);
  transaction(deps.db, (tx) => {
    const removed = tx.delete(votes).where(and(eq(votes.userId, actor.id), eq(votes.postId, postId))).returning().all();
    if (removed.length === 0) return;
    tx.update(posts).set({ helpfulCount: sql`${posts.helpfulCount} - 1` }).where(eq(posts.id, postId)).run();
    tx.update(threads).set({ voteCount: sql`${threads.voteCount} - 1` }).where(eq(threads.id, post.threadId)).run();
    changeReputation(tx, post.authorId, -REPUTATION.helpful);
    enqueueSearchSync(tx, deps.clock, post.threadId);
  });
}

function requireMeTooThread(deps: Deps, actor: Actor | null, threadId: number) {
  if (!actor) throw new Forbidden("Sign in first.");
  const thread = requireWritableThread(deps, actor, threadId, "vote");
  if (thread.kind !== "question" && thread.kind !== "problem") throw new Conflict("“Me too” is for questions and problems.");
  if (thread.authorId === actor.id) throw new Forbidden("You asked this one yourself.");
  return { actor, thread };
}

/**
 * "Me too" on someone else's question or problem, once per person: the count shows staff how many
 * share the issue, and the person follows the thread to hear when it is solved.
 */
export function addMeToo(deps: Deps, maybeActor: Actor | null, threadId: number): void {
  const { actor } = requireMeTooThread(deps, maybeActor, threadId);
  try {
    transaction(deps.db, (tx) => {
      tx.insert(meToo).values({ userId: actor.id, threadId, createdAt: deps.clock.now() }).run();
      tx.update(threads).set({ meTooCount: sql`${threads.meTooCount} + 1` }).where(eq(threads.id, threadId)).run();
      addFollower(tx, deps.clock, actor.id, threadId);
      enqueueSearchSync(tx, deps.clock, threadId);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict("You already said “me too” here.");
    throw error;
  }
}

export function removeMeToo(deps: Deps, maybeActor: Actor | null, threadId: number): void {
  const { actor } = requireMeTooThread(deps, maybeActor, threadId);
  transaction(deps.db, (tx) => {
    const removed = tx.delete(meToo).where(and(eq(meToo.userId, actor.id), eq(meToo.threadId, threadId))).returning().all();
    if (removed.length === 0) return;
    tx.update(threads).set({ meTooCount: sql`${threads.meTooCount} - 1` }).where(eq(threads.id, threadId)).run();
    enqueueSearchSync(tx, deps.clock, threadId);
  });
}

/**
 * Takes back every helpful vote and "me too" an account gave, as withdrawing each would, for an
 * account being removed (inside that write's transaction). A deleted answer already gave back its
 * thread's votes and its author's reputation, so only its own count moves.
 */
export function withdrawEverythingGivenBy(tx: Db, clock: Clock, userId: string): void {
  const given = tx
    .delete(votes)
    .where(eq(votes.userId, userId))
    .returning({ postId: votes.postId })
    .all();
  for (const { postId } of given) {
    const post = tx.select().from(posts).where(eq(posts.id, postId)).get();
    if (!post) continue;
    tx.update(posts).set({ helpfulCount: sql`${posts.helpfulCount} - 1` }).where(eq(posts.id, postId)).run();
    if (post.deletedAt) continue;
    tx.update(threads).set({ voteCount: sql`${threads.voteCount} - 1` }).where(eq(threads.id, post.threadId)).run();
    changeReputation(tx, post.authorId, -REPUTATION.helpful);
    enqueueSearchSync(tx, clock, post.threadId);
  }
  for (const { threadId } of tx.delete(meToo).where(eq(meToo.userId, userId)).returning({ threadId: meToo.threadId }).all()) {
    tx.update(threads).set({ meTooCount: sql`${threads.meTooCount} - 1` }).where(eq(threads.id, threadId)).run();
    enqueueSearchSync(tx, clock, threadId);
  }
}
