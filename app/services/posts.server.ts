import { and, asc, eq, sql } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { categories, postRevisions, posts, threads, users, type Post } from "@db/schema";
import { canActOnUser, hasRole, type Actor } from "~/auth/permissions";
import { ModerationReasonSchema } from "~/schemas/moderation.server";
import { EditPostSchema, ReplySchema } from "~/schemas/threads.server";
import { REPUTATION } from "~/utils/badges";
import { fieldErrors } from "~/utils/forms";
import { renderMarkdown } from "~/utils/markdown.server";
import { preparedQuery, setPlaceholder } from "~/utils/prepared-queries.server";
import { slugify } from "~/utils/slug";
import { withdrawAcceptedPost } from "./accept.server";
import { recordAudit } from "./audit-log.server";
import { Conflict, Forbidden, Invalid, NotFound } from "./errors";
import { recordResponse } from "./escalation.server";
import { refuseRepeatedReply } from "./repeated-posts.server";
import { followerIds } from "./follows.server";
import { queueMemberMails, type MailDeps } from "./member-mail.server";
import { createNotifications } from "./notifications.server";
import { changeAnswerCount, changeReputation } from "./reputation.server";
import { enqueueSearchSync } from "./search-outbox.server";
import { admitPost } from "./anti-spam.server";
import { requirePostInThread, requireWritableThread, type Deps, type PostScope } from "./thread-access.server";
import { nextPosition, refreshFirstResponse, refreshThreadStatus } from "./thread-state.server";
import { emitWebhookEvent } from "./webhook-events.server";

function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new Forbidden("Sign in first.");
  return actor;
}

/** Moderators act on others' posts only where they outrank the author (never an admin's post). */
function requireOutranks(db: Db, actor: Actor, authorId: string, verb: string): void {
  const author = db.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, authorId)).get();
  if (author && !canActOnUser(actor, author)) throw new Forbidden(`A moderator cannot ${verb} an admin's or another moderator's post.`);
}

function findLivePost(db: Db, postId: number): Post {
  const post = db.select().from(posts).where(eq(posts.id, postId)).get();
  if (!post || post.deletedAt) throw new NotFound("No such post");
  return post;
}

/**
 * Anyone signed in replies to a thread they can write to. A post by anyone but the asker is a
 * response (it moves an open thread to answered and stops its escalation clock); followers (the
 * asker among them) are told, and search and webhooks hear of it, all in one transaction. The
 * same words from the same author in the same thread within minutes are a double submit: refused.
 */
export function createReply(deps: MailDeps, maybeActor: Actor | null, threadId: number, input: { body: unknown }): Post {
  const { db, clock } = deps;
  const actor = requireActor(maybeActor);
  const thread = requireWritableThread(deps, actor, threadId, "reply");
  if (thread.duplicateOfId && !hasRole(actor, "moderator")) {
    throw new Conflict(`This thread is closed as a duplicate of #${thread.duplicateOfId}: answer there.`, "body");
  }
  const parsed = ReplySchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const now = clock.now();
  const isStaff = hasRole(actor, "staff");
  const isResponse = actor.id !== thread.authorId;
  const bodyHtml = renderMarkdown(parsed.data.body);
  const admission = admitPost(deps, actor, "reply", bodyHtml);

  return admission.run(() => transaction(db, (tx) => {
    refuseRepeatedReply(tx, clock, { authorId: actor.id, threadId, body: parsed.data.body, ...admission.repeatCheck });
    // The statements every answer runs are prepared once: building them inside the write held
    // the write lock, which the other processes wait for, meanwhile (issue 14).
    const created = preparedQuery(tx, "insertReply", () =>
      tx
        .insert(posts)
        .values({
          threadId: sql.placeholder("threadId"),
          authorId: sql.placeholder("authorId"),
          authorRole: sql.placeholder("authorRole"),
          official: sql.placeholder("official"),
          position: sql.placeholder("position"),
          bodyMd: sql.placeholder("bodyMd"),
          bodyHtml: sql.placeholder("bodyHtml"),
          createdAt: sql.placeholder("createdAt"),
        })
        .returning()
        .prepare(),
    ).get({
      threadId,
      authorId: actor.id,
      authorRole: actor.role,
      official: isStaff,
      position: nextPosition(tx, threadId),
      bodyMd: parsed.data.body,
      bodyHtml,
      createdAt: now,
    })!;
    preparedQuery(tx, "countReply", () =>
      tx
        .update(threads)
        .set({ replyCount: sql`${threads.replyCount} + 1`, lastActivityAt: setPlaceholder("now") })
        .where(eq(threads.id, sql.placeholder("threadId")))
        .prepare(),
    ).run({ now, threadId });
    refreshThreadStatus(tx, threadId);
    if (isResponse) {
      recordResponse(tx, clock, thread, actor);
      changeAnswerCount(tx, actor.id, 1);
    }
    // The asker follows from the start; one who unfollowed has asked for quiet.
    const followers = followerIds(tx, threadId);
    createNotifications(
      tx,
      clock,
      followers.map((userId) => ({ userId, kind: "answer" as const, threadId, postId: created.id, actorId: actor.id })),
    );
    queueMemberMails(tx, deps, { notification: "answer", postId: created.id, actorId: actor.id, recipientIds: followers });
    enqueueSearchSync(tx, clock, threadId);
    emitWebhookEvent(tx, clock, "post.created", {
      threadId,
      postId: created.id,
      position: created.position,
      authorId: actor.id,
      official: isStaff,
    });
    return created;
  }));
}

/**
 * The Markdown a reply starts with when quoting a post: who wrote it (linked through `/p/<id>`,
 * which finds the post's page from anywhere), then their words. Only a live post of the thread
 * being answered can be quoted: `?quote=` must never become a way to read another thread's posts.
 */
export function quoteFor({ db }: Pick<Deps, "db">, postId: number, { threadId }: { threadId: number }): string {
  const row = db
    .select({ bodyMd: posts.bodyMd, deletedAt: posts.deletedAt, hiddenAt: posts.hiddenAt, handle: users.handle })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(eq(posts.id, postId), eq(posts.threadId, threadId)))
    .get();
  if (!row || row.deletedAt || row.hiddenAt) return "";
  const quoted = row.bodyMd.trim().split("\n").map((line) => `> ${line}`.trimEnd()).join("\n");
  return `**@${row.handle}** wrote ([#${postId}](/p/${postId})):\n\n${quoted}\n\n`;
}

/**
 * The author (or a moderator) edits a live post; the question's title may change with it. Every
 * edit keeps a revision — the first one also keeps the original — and re-renders the cached HTML.
 * A moderator editing someone else's post must say why: the reason is kept with the revision and
 * the edit goes in the audit log (and only on a post by someone they outrank).
 */
export function editPost(deps: Deps, maybeActor: Actor | null, postId: number, input: { body: unknown; title?: unknown; reason?: unknown }): Post {
  const { db, clock } = deps;
  const actor = requireActor(maybeActor);
  const post = findLivePost(db, postId);
  const thread = requireWritableThread(deps, actor, post.threadId, "editPost", { authorId: post.authorId });
  const byOther = actor.id !== post.authorId;
  if (byOther) requireOutranks(db, actor, post.authorId, "edit");
  const parsed = EditPostSchema.safeParse({ body: input.body, title: post.position === 1 ? input.title : undefined });
  const reason = byOther ? ModerationReasonSchema.safeParse(input.reason ?? "") : null;
  if (!parsed.success || (reason && !reason.success)) {
    throw new Invalid({
      ...(parsed.success ? {} : fieldErrors(parsed.error)),
      ...(reason && !reason.success ? { reason: reason.error.issues[0]?.message ?? "Give a reason" } : {}),
    });
  }
  const { body } = parsed.data;
  const title = post.position === 1 ? parsed.data.title : undefined;
  if (body === post.bodyMd && (title === undefined || title === thread.title)) return post;
  const now = clock.now();
  const why = reason?.success ? reason.data : null;

  return transaction(db, (tx) => {
    const hasHistory = tx.select({ id: postRevisions.id }).from(postRevisions).where(eq(postRevisions.postId, postId)).get();
    if (!hasHistory) {
      tx.insert(postRevisions)
        .values({
          postId,
          editorId: post.authorId,
          bodyMd: post.bodyMd,
          title: post.position === 1 ? thread.title : null,
          createdAt: post.createdAt,
        })
        .run();
    }
    tx.insert(postRevisions).values({ postId, editorId: actor.id, bodyMd: body, title: title ?? null, reason: why, createdAt: now }).run();
    if (title !== undefined && title !== thread.title) {
      tx.update(threads).set({ title, slug: slugify(title) }).where(eq(threads.id, thread.id)).run();
    }
    if (byOther) {
      recordAudit(tx, clock, { actorId: actor.id, action: "post.edit", threadId: thread.id, postId, targetUserId: post.authorId, reason: why });
    }
    enqueueSearchSync(tx, clock, thread.id);
    return tx
      .update(posts)
      .set({ bodyMd: body, bodyHtml: renderMarkdown(body), editedAt: now, editedBy: actor.id })
      .where(eq(posts.id, postId))
      .returning()
      .get();
  });
}

/**
 * Authors (and moderators) soft-delete a post: it stays as a "deleted" placeholder (staff still
 * read it, marked, and may restore it), and what it earned is taken back (its helpful votes, its
 * acceptance). Deleting the question deletes the thread, which a member may only do while nobody
 * else has answered. From a thread's page (`scope.threadId`), only a post of that thread. A
 * moderator deleting someone else's post is audited, unless the caller records the act itself
 * (`audit: false`, the moderation queue).
 */
export function deletePost(
  deps: Deps,
  maybeActor: Actor | null,
  postId: number,
  scope: PostScope & { audit?: boolean } = {},
): { threadDeleted: boolean; categorySlug: string } {
  const { db, clock } = deps;
  const actor = requireActor(maybeActor);
  const post = findLivePost(db, postId);
  requirePostInThread(post, scope);
  const thread = requireWritableThread(deps, actor, post.threadId, "deletePost", { authorId: post.authorId });
  const byOther = actor.id !== post.authorId;
  if (byOther) requireOutranks(db, actor, post.authorId, "delete");
  const now = clock.now();
  if (post.position === 1) {
    const others = db
      .select({ n: sql<number>`count(*)` })
      .from(posts)
      .where(and(eq(posts.threadId, thread.id), sql`${posts.position} > 1`, sql`${posts.deletedAt} IS NULL`, sql`${posts.authorId} <> ${thread.authorId}`))
      .get();
    if ((others?.n ?? 0) > 0 && !hasRole(actor, "moderator")) {
      throw new Conflict("A question that others have answered cannot be deleted.");
    }
  }

  transaction(db, (tx) => {
    tx.update(posts).set({ deletedAt: now, deletedBy: actor.id }).where(eq(posts.id, postId)).run();
    if (byOther && scope.audit !== false) {
      recordAudit(tx, clock, {
        actorId: actor.id,
        action: post.position === 1 ? "thread.delete" : "post.delete",
        threadId: thread.id,
        postId,
        targetUserId: post.authorId,
      });
    }
    if (post.position === 1) {
      // Hidden keeps a deleted thread out of every listing, feed and search without new filters.
      tx.update(threads).set({ hidden: true }).where(eq(threads.id, thread.id)).run();
      tx.update(categories).set({ threadCount: sql`${categories.threadCount} - 1` }).where(eq(categories.id, thread.categoryId)).run();
    } else {
      if (thread.acceptedPostId === postId) withdrawAcceptedPost(tx, deps, thread);
      tx.update(threads)
        .set({ replyCount: sql`${threads.replyCount} - 1`, voteCount: sql`${threads.voteCount} - ${post.helpfulCount}` })
        .where(eq(threads.id, thread.id))
        .run();
      changeReputation(tx, post.authorId, -REPUTATION.helpful * post.helpfulCount);
      if (post.authorId !== thread.authorId) {
        changeAnswerCount(tx, post.authorId, -1);
        refreshFirstResponse(tx, thread);
      }
      refreshThreadStatus(tx, thread.id);
    }
    enqueueSearchSync(tx, clock, thread.id);
  });
  const category = db.select({ slug: categories.slug }).from(categories).where(eq(categories.id, thread.categoryId)).get();
  return { threadDeleted: post.position === 1, categorySlug: category?.slug ?? "" };
}

/** A live post with every revision (oldest first) and who made it, for the edit page. */
export function getPostForEdit({ db }: Pick<Deps, "db">, postId: number) {
  const post = findLivePost(db, postId);
  const thread = db
    .select({ id: threads.id, slug: threads.slug, title: threads.title, authorId: threads.authorId, locked: threads.locked, acceptedPostId: threads.acceptedPostId })
    .from(threads)
    .where(eq(threads.id, post.threadId))
    .get()!;
  const revisions = db
    .select({
      id: postRevisions.id,
      bodyMd: postRevisions.bodyMd,
      title: postRevisions.title,
      reason: postRevisions.reason,
      createdAt: postRevisions.createdAt,
      editorHandle: users.handle,
      editorName: users.displayName,
    })
    .from(postRevisions)
    .innerJoin(users, eq(users.id, postRevisions.editorId))
    .where(eq(postRevisions.postId, postId))
    .orderBy(asc(postRevisions.id))
    .all();
  return { post, thread, revisions };
}
