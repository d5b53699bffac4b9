import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { categories, follows, meToo, posts, users, votes } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { findVisibleThread } from "./thread-access.server";

/**
 * Everything a thread page shows: the thread, its posts in order (deleted ones without their
 * words), each author's current reputation, and what the viewer has already done here.
 */
export function getThreadPage({ db }: { db: Db }, threadId: number, viewer: Actor | null) {
  const thread = findVisibleThread(db, threadId, viewer);
  const category = db.select().from(categories).where(eq(categories.id, thread.categoryId)).get()!;
  const rows = db.select().from(posts).where(eq(posts.threadId, threadId)).orderBy(asc(posts.position)).all();
  const peopleIds = [...new Set(rows.flatMap((post) => [post.authorId, ...(post.editedBy ? [post.editedBy] : [])]))];
  const people = db
    .select({ id: users.id, handle: users.handle, displayName: users.displayName, reputation: users.reputation })
    .from(users)
    .where(inArray(users.id, peopleIds))
    .all();
  const personById = new Map(people.map((person) => [person.id, person]));
  const postList = rows.map((post) => ({
    id: post.id,
    position: post.position,
    authorId: post.authorId,
    author: personById.get(post.authorId)!,
    authorRole: post.authorRole,
    official: post.official,
    helpfulCount: post.helpfulCount,
    createdAt: post.createdAt,
    editedAt: post.editedAt,
    editedBy: post.editedBy ? (personById.get(post.editedBy) ?? null) : null,
    deleted: post.deletedAt !== null,
    bodyHtml: post.deletedAt ? "" : post.bodyHtml,
    bodyMd: post.deletedAt ? "" : post.bodyMd,
  }));

  let viewerState = { votedPostIds: [] as number[], meToo: false, following: false };
  if (viewer) {
    const postIds = rows.map((post) => post.id);
    viewerState = {
      votedPostIds: postIds.length
        ? db.select({ postId: votes.postId }).from(votes).where(and(eq(votes.userId, viewer.id), inArray(votes.postId, postIds))).all().map((v) => v.postId)
        : [],
      meToo: !!db.select({ userId: meToo.userId }).from(meToo).where(and(eq(meToo.userId, viewer.id), eq(meToo.threadId, threadId))).get(),
      following: !!db.select({ userId: follows.userId }).from(follows).where(and(eq(follows.userId, viewer.id), eq(follows.threadId, threadId))).get(),
    };
  }
  return { thread, category, posts: postList, viewer: viewerState };
}

export type ThreadPage = ReturnType<typeof getThreadPage>;
export type ThreadPagePost = ThreadPage["posts"][number];
