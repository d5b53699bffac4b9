import { asc, eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { badges, categories, follows, handleHistory, meToo, posts, threads, votes } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { avatarPath } from "~/utils/avatar-path";
import type { Clock } from "~/utils/clock";
import { requireOwnAccount } from "./account-security.server";

/**
 * Everything the site holds that the member gave it, as one JSON-ready object: their profile and
 * settings, the threads they started, every post they wrote in its Markdown source (deleted and
 * hidden ones too: they are the member's words), their votes, "me too"s and follows. Only ids
 * point at other people's things; nothing private of anyone else is in it.
 */
export function exportAccountData({ db, clock }: { db: Db; clock: Clock }, actor: Actor | null) {
  const user = requireOwnAccount(db, actor);
  const id = user.id;
  return {
    exportedAt: clock.now().toISOString(),
    profile: {
      id,
      handle: user.handle,
      previousHandles: db.select({ handle: handleHistory.handle, changedAt: handleHistory.changedAt }).from(handleHistory).where(eq(handleHistory.userId, id)).all(),
      displayName: user.displayName,
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt,
      role: user.role,
      reputation: user.reputation,
      answerCount: user.answerCount,
      acceptedCount: user.acceptedCount,
      avatarUrl: avatarPath(user.avatarMediaId),
      suspendedUntil: user.suspendedUntil,
      createdAt: user.createdAt,
      badges: db.select({ badge: badges.badge, awardedAt: badges.awardedAt }).from(badges).where(eq(badges.userId, id)).all(),
    },
    notificationPreferences: {
      acceptReminders: user.emailReminders,
      emailOnAnswer: user.emailOnAnswer,
      emailOnAccepted: user.emailOnAccepted,
      emailOnStaffAnswer: user.emailOnStaffAnswer,
      emailDelivery: user.emailDelivery,
    },
    threads: db
      .select({ id: threads.id, title: threads.title, slug: threads.slug, kind: threads.kind, status: threads.status, category: categories.name, createdAt: threads.createdAt })
      .from(threads)
      .innerJoin(categories, eq(categories.id, threads.categoryId))
      .where(eq(threads.authorId, id))
      .orderBy(asc(threads.id))
      .all(),
    posts: db
      .select({
        id: posts.id,
        threadId: posts.threadId,
        position: posts.position,
        bodyMarkdown: posts.bodyMd,
        createdAt: posts.createdAt,
        editedAt: posts.editedAt,
        deletedAt: posts.deletedAt,
        hiddenAt: posts.hiddenAt,
      })
      .from(posts)
      .where(eq(posts.authorId, id))
      .orderBy(asc(posts.id))
      .all(),
    helpfulVotes: db.select({ postId: votes.postId, createdAt: votes.createdAt }).from(votes).where(eq(votes.userId, id)).orderBy(asc(votes.postId)).all(),
    meToo: db.select({ threadId: meToo.threadId, createdAt: meToo.createdAt }).from(meToo).where(eq(meToo.userId, id)).orderBy(asc(meToo.threadId)).all(),
    follows: db.select({ threadId: follows.threadId, createdAt: follows.createdAt }).from(follows).where(eq(follows.userId, id)).orderBy(asc(follows.threadId)).all(),
  };
}

export type AccountExport = ReturnType<typeof exportAccountData>;
