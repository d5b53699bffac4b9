import { and, asc, between, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { badges, categories, flags, follows, meToo, posts, threads, users, votes, type Post } from "@db/schema";
import { hasRole, type Actor } from "~/auth/permissions";
import { badgeLabel } from "~/utils/badges";
import { countPages, positionsOfPage, postPath } from "~/utils/post-paths";
import { listPlaceholders, listValues, preparedQuery } from "~/utils/prepared-queries.server";
import { NotFound } from "./errors";
import { findVisibleThread } from "./thread-access.server";

/**
 * One page of a thread. Every page carries the thread, its question and its live accepted answer
 * (the header, description and JSON-LD need them); the replies are those whose positions fall on
 * `page`, deleted ones as placeholders without their words (staff read them, marked). Only the posts shown are read, with
 * their authors and the viewer's votes in one query each. A page past the last is not found.
 */
export function getThreadPage({ db }: { db: Db }, threadId: number, viewer: Actor | null, { page = 1 }: { page?: number } = {}) {
  const thread = findVisibleThread(db, threadId, viewer);
  const pageCount = countPages(lastPosition(db, threadId));
  if (page > pageCount) throw new NotFound("No such page");
  const category = preparedQuery(db, "categoryById", () =>
    db.select().from(categories).where(eq(categories.id, sql.placeholder("id"))).prepare(),
  ).get({ id: thread.categoryId })!;
  const { first, last } = positionsOfPage(page);
  const questionRow = preparedQuery(db, "questionOfThread", () =>
    db.select().from(posts).where(and(eq(posts.threadId, sql.placeholder("threadId")), eq(posts.position, 1))).prepare(),
  ).get({ threadId });
  const replyRows = preparedQuery(db, "postsOfPage", () =>
    db
      .select()
      .from(posts)
      .where(and(eq(posts.threadId, sql.placeholder("threadId")), between(posts.position, sql.placeholder("first"), sql.placeholder("last"))))
      .orderBy(asc(posts.position))
      .prepare(),
  ).all({ threadId, first, last });
  const acceptedRow = thread.acceptedPostId
    ? (replyRows.find((post) => post.id === thread.acceptedPostId) ??
      preparedQuery(db, "postOfThread", () =>
        db.select().from(posts).where(and(eq(posts.id, sql.placeholder("postId")), eq(posts.threadId, sql.placeholder("threadId")))).prepare(),
      ).get({ postId: thread.acceptedPostId, threadId }))
    : undefined;
  const accepted = acceptedRow && !acceptedRow.deletedAt ? acceptedRow : undefined;

  // The posts this page renders with their anchors: later pages show no question or lifted answer.
  const anchored = idsOf(page === 1 ? [questionRow, accepted, ...replyRows] : replyRows);
  const present = presenter(db, [questionRow, accepted, ...replyRows], anchored, viewer);
  const shownIds = [...idsOf([accepted, ...replyRows])];

  const flaggableIds = [...anchored];
  let viewerState = { votedPostIds: [] as number[], flaggedPostIds: [] as number[], meToo: false, following: false };
  if (viewer) {
    const userId = viewer.id;
    viewerState = {
      votedPostIds: postIdsMarkedBy(db, "votes", votes, userId, shownIds),
      flaggedPostIds: postIdsMarkedBy(db, "flags", flags, userId, flaggableIds),
      meToo: !!preparedQuery(db, "viewerMeToo", () =>
        db.select({ userId: meToo.userId }).from(meToo).where(and(eq(meToo.userId, sql.placeholder("userId")), eq(meToo.threadId, sql.placeholder("threadId")))).prepare(),
      ).get({ userId, threadId }),
      following: !!preparedQuery(db, "viewerFollows", () =>
        db.select({ userId: follows.userId }).from(follows).where(and(eq(follows.userId, sql.placeholder("userId")), eq(follows.threadId, sql.placeholder("threadId")))).prepare(),
      ).get({ userId, threadId }),
    };
  }
  return {
    thread,
    category,
    question: questionRow ? present(questionRow) : null,
    accepted: accepted ? present(accepted) : null,
    replies: replyRows.map(present),
    pagination: { page, pageCount },
    viewer: viewerState,
  };
}

/** Which of `postIds` the member voted for, or flagged: one prepared query per table and number of posts. */
function postIdsMarkedBy(db: Db, name: string, table: typeof votes | typeof flags, userId: string, postIds: number[]): number[] {
  if (postIds.length === 0) return [];
  const query = preparedQuery(db, `${name}OfPosts:${postIds.length}`, () =>
    db
      .select({ postId: table.postId })
      .from(table)
      .where(and(eq(table.userId, sql.placeholder("userId")), inArray(table.postId, listPlaceholders("p", postIds.length))))
      .prepare(),
  );
  return query.all({ userId, ...listValues("p", postIds) }).map((row) => row.postId);
}

function idsOf(rows: (Post | undefined)[]): Set<number> {
  return new Set(rows.flatMap((post) => (post ? [post.id] : [])));
}

function lastPosition(db: Db, threadId: number): number {
  const row = preparedQuery(db, "lastPosition", () =>
    db.select({ position: posts.position }).from(posts).where(eq(posts.threadId, sql.placeholder("threadId"))).orderBy(desc(posts.position)).limit(1).prepare(),
  ).get({ threadId });
  return row?.position ?? 1;
}

/** Community badges worth showing beside a name, lowest first. */
const POST_BADGES = ["helper", "expert"] as const;
type PostBadge = (typeof POST_BADGES)[number];

/** A hidden post's words are for its author and staff; everyone else sees only that it is hidden. */
export function canSeeHiddenPost(viewer: Actor | null, post: Pick<Post, "authorId">): boolean {
  return !!viewer && (viewer.id === post.authorId || hasRole(viewer, "staff"));
}

/** A deleted post's words stay readable, marked, for staff (a moderator may restore it); others see a placeholder. */
export function canSeeDeletedPost(viewer: Actor | null): boolean {
  return hasRole(viewer, "staff");
}

/**
 * Shapes posts for display, with every author and editor read in one query. Links between posts
 * (`/p/<id>` from quotes, `#post-<id>` in older ones) become anchors for posts in `anchored` and
 * go through `/p/<id>`, which finds the right page, for the rest. A hidden post keeps its words
 * only for a `viewer` who may see it.
 */
export function presenter(db: Db, rows: (Post | undefined)[], anchored: Set<number> = new Set(), viewer: Actor | null = null) {
  const peopleIds = [...new Set(rows.flatMap((post) => (post ? [post.authorId, ...(post.editedBy ? [post.editedBy] : [])] : [])))];
  const people = peopleIds.length
    ? preparedQuery(db, `postPeople:${peopleIds.length}`, () =>
        db
          .select({ id: users.id, handle: users.handle, displayName: users.displayName, reputation: users.reputation, avatarMediaId: users.avatarMediaId })
          .from(users)
          .where(inArray(users.id, listPlaceholders("u", peopleIds.length)))
          .prepare(),
      ).all(listValues("u", peopleIds))
    : [];
  // Citizen experts are named on every post: the highest of Helper / Expert each author holds.
  const earned = peopleIds.length
    ? preparedQuery(db, `postBadges:${peopleIds.length}`, () =>
        db
          .select({ userId: badges.userId, badge: badges.badge })
          .from(badges)
          .where(and(inArray(badges.userId, listPlaceholders("u", peopleIds.length)), inArray(badges.badge, [...POST_BADGES])))
          .prepare(),
      ).all(listValues("u", peopleIds))
    : [];
  const topBadge = new Map<string, string>();
  for (const { userId, badge } of earned) {
    const current = topBadge.get(userId);
    if (!current || POST_BADGES.indexOf(badge as PostBadge) > POST_BADGES.indexOf(current as PostBadge)) topBadge.set(userId, badge);
  }
  const personById = new Map(
    people.map((person) => {
      const badge = topBadge.get(person.id);
      return [person.id, { ...person, communityBadge: badge ? badgeLabel(badge) : null }];
    }),
  );
  const relink = (html: string) =>
    html.replace(/href="(?:#post-|\/p\/)(\d+)"/g, (_, id: string) => `href="${anchored.has(Number(id)) ? `#post-${id}` : `/p/${id}`}"`);
  const withheld = (post: Post) =>
    (post.deletedAt !== null && !canSeeDeletedPost(viewer)) || (post.hiddenAt !== null && !canSeeHiddenPost(viewer, post));
  return (post: Post) => ({
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
    // "flags": hidden pending review; "moderator": hidden by a moderator's decision.
    hidden: post.hiddenAt ? ((post.hiddenReason ?? "moderator") as "flags" | "moderator") : null,
    // The viewer may not read this post's words (a placeholder shows instead).
    withheld: withheld(post),
    bodyHtml: withheld(post) ? "" : relink(post.bodyHtml),
  });
}

/**
 * The address of a post on the page that shows it (see `postPath`), for anyone who can read its
 * thread; links to posts, redirects after writing and `/p/<id>` all come here.
 */
export function locatePost({ db }: { db: Db }, postId: number, viewer: Actor | null): string {
  // Prepared once: every answer posted is located to redirect to it (issue 14).
  const row = preparedQuery(db, "locatePost", () =>
    db
      .select({ id: posts.id, position: posts.position, threadId: posts.threadId, slug: threads.slug, acceptedPostId: threads.acceptedPostId })
      .from(posts)
      .innerJoin(threads, eq(threads.id, posts.threadId))
      .where(eq(posts.id, sql.placeholder("postId")))
      .prepare(),
  ).get({ postId });
  if (!row) throw new NotFound("No such post");
  findVisibleThread(db, row.threadId, viewer);
  return postPath({ id: row.threadId, slug: row.slug, acceptedPostId: row.acceptedPostId }, row);
}

export type ThreadPage = ReturnType<typeof getThreadPage>;
export type ThreadPagePost = ThreadPage["replies"][number];
