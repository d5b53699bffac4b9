import { eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { posts, threads, type Thread } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { Conflict, Forbidden, NotFound } from "./errors";
import { queueMemberMails, type MailDeps } from "./member-mail.server";
import { createNotifications } from "./notifications.server";
import { changeAcceptedCount } from "./reputation.server";
import { enqueueSearchSync } from "./search-outbox.server";
import { requirePostInThread, requireWritableThread, type Deps, type PostScope } from "./thread-access.server";
import { refreshThreadStatus } from "./thread-state.server";
import { emitWebhookEvent } from "./webhook-events.server";

const ACCEPTING_KINDS = new Set<Thread["kind"]>(["question", "problem"]);

/** Credit for an accepted answer goes to its author, unless the asker answered themselves. */
function creditAcceptance(tx: Db, deps: Deps, thread: Thread, postId: number, delta: 1 | -1): void {
  const post = tx.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, postId)).get();
  if (post && post.authorId !== thread.authorId) changeAcceptedCount(tx, deps.clock, post.authorId, delta);
}

/**
 * The asker or staff accept one answer (never the question) on a question or problem: the thread
 * becomes solved and the answer's author gains reputation. Accepting another answer moves the mark
 * and its credit. From a thread's page (`scope.threadId`), only an answer of that thread.
 */
export function acceptAnswer(deps: MailDeps, actor: Actor | null, postId: number, scope: PostScope = {}): void {
  if (!actor) throw new Forbidden("Sign in first.");
  const post = deps.db.select().from(posts).where(eq(posts.id, postId)).get();
  if (!post || post.deletedAt) throw new NotFound("No such post");
  requirePostInThread(post, scope);
  const thread = requireWritableThread(deps, actor, post.threadId, "accept");
  if (!ACCEPTING_KINDS.has(thread.kind)) throw new Conflict("Ideas and praise have no accepted answers.");
  if (post.position === 1) throw new Conflict("The question itself cannot be the accepted answer.");
  if (thread.acceptedPostId === postId) return;
  const now = deps.clock.now();

  transaction(deps.db, (tx) => {
    if (thread.acceptedPostId) creditAcceptance(tx, deps, thread, thread.acceptedPostId, -1);
    tx.update(threads).set({ acceptedPostId: postId, solvedAt: now }).where(eq(threads.id, thread.id)).run();
    creditAcceptance(tx, deps, thread, postId, 1);
    refreshThreadStatus(tx, thread.id);
    createNotifications(tx, deps.clock, [{ userId: post.authorId, kind: "accepted", threadId: thread.id, postId, actorId: actor.id }]);
    queueMemberMails(tx, deps, { notification: "accepted", postId, actorId: actor.id, recipientIds: [post.authorId] });
    enqueueSearchSync(tx, deps.clock, thread.id);
    emitWebhookEvent(tx, deps.clock, "thread.solved", {
      threadId: thread.id,
      acceptedPostId: postId,
      answerAuthorId: post.authorId,
      acceptedBy: actor.id,
    });
  });
}

/** Inside a transaction: the thread loses its accepted answer and the author the credit for it. */
export function withdrawAcceptedPost(tx: Db, deps: Deps, thread: Thread): void {
  if (!thread.acceptedPostId) return;
  creditAcceptance(tx, deps, thread, thread.acceptedPostId, -1);
  tx.update(threads).set({ acceptedPostId: null, solvedAt: null }).where(eq(threads.id, thread.id)).run();
  refreshThreadStatus(tx, thread.id);
}

/** The asker or staff withdraw the accepted mark; the thread is no longer solved. */
export function withdrawAcceptance(deps: Deps, actor: Actor | null, threadId: number): void {
  if (!actor) throw new Forbidden("Sign in first.");
  const thread = requireWritableThread(deps, actor, threadId, "accept");
  if (!thread.acceptedPostId) return;
  transaction(deps.db, (tx) => {
    withdrawAcceptedPost(tx, deps, thread);
    enqueueSearchSync(tx, deps.clock, thread.id);
  });
}
