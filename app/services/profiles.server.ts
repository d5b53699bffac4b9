import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { handleHistory, posts, threads, users } from "@db/schema";
import { postPath } from "~/utils/post-paths";
import { listBadges } from "./reputation.server";
import { NotFound } from "./errors";
import { findUserByHandle } from "./users.server";

const RECENT = 15;

/** A member's public profile: standing, badges, accepted answers and recent posts in visible threads. */
export function getProfile({ db }: { db: Db }, handle: string) {
  const user = findUserByHandle({ db }, handle);
  // A deleted account has no profile: its posts say "deleted user" and lead nowhere.
  if (user.deletedAt) throw new NotFound("No such member");
  const activity = db
    .select({
      postId: posts.id,
      position: posts.position,
      createdAt: posts.createdAt,
      helpfulCount: posts.helpfulCount,
      threadId: threads.id,
      threadSlug: threads.slug,
      threadTitle: threads.title,
      acceptedPostId: threads.acceptedPostId,
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(and(eq(posts.authorId, user.id), isNull(posts.deletedAt), eq(threads.hidden, false)))
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(RECENT)
    .all()
    .map(withPath);
  const accepted = db
    .select({
      postId: posts.id,
      position: posts.position,
      createdAt: posts.createdAt,
      threadId: threads.id,
      threadSlug: threads.slug,
      threadTitle: threads.title,
      acceptedPostId: threads.acceptedPostId,
    })
    .from(threads)
    .innerJoin(posts, eq(posts.id, threads.acceptedPostId))
    .where(and(eq(posts.authorId, user.id), ne(threads.authorId, user.id), gt(posts.position, 1), eq(threads.hidden, false)))
    .orderBy(desc(threads.solvedAt))
    .limit(RECENT)
    .all()
    .map(withPath);
  return {
    user: {
      id: user.id,
      handle: user.handle,
      displayName: user.displayName,
      avatarMediaId: user.avatarMediaId,
      role: user.role,
      reputation: user.reputation,
      answerCount: user.answerCount,
      acceptedCount: user.acceptedCount,
      createdAt: user.createdAt,
    },
    badges: listBadges(db, user.id).map((badge) => ({ id: badge.badge, awardedAt: badge.awardedAt })),
    accepted,
    activity,
  };
}

function withPath<T extends { postId: number; position: number; threadId: number; threadSlug: string; acceptedPostId: number | null }>(row: T) {
  return { ...row, path: postPath({ id: row.threadId, slug: row.threadSlug, acceptedPostId: row.acceptedPostId }, { id: row.postId, position: row.position }) };
}

/** The handle a member has now, when `handle` is one they had before (their old profile address redirects there). */
export function findRenamedHandle({ db }: { db: Db }, handle: string): string | null {
  const row = db
    .select({ handle: users.handle })
    .from(handleHistory)
    .innerJoin(users, eq(users.id, handleHistory.userId))
    .where(eq(handleHistory.handle, handle.toLowerCase()))
    .get();
  return row?.handle ?? null;
}
