import { and, count, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { notifications, posts, threads, users } from "@db/schema";
import type { Clock } from "~/utils/clock";
import { preparedQuery } from "~/utils/prepared-queries.server";
import { postPath, threadPagePath } from "~/utils/post-paths";
import { NotFound } from "./errors";

export const NOTIFICATION_KINDS = [
  "answer", // a new answer in a thread you asked or follow
  "accepted", // your answer was accepted
  "helpful", // your answer was voted helpful
  "escalated", // staff: a thread waited too long for a response
  "reminder", // asker: did an answer solve it?
  "flag_agreed", // flagger: moderators agreed and acted on the post
  "flag_disagreed", // flagger: moderators reviewed the flag and left the post up
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  threadId?: number | null;
  postId?: number | null;
  actorId?: string | null;
}

/** Queues in-app notifications inside the caller's transaction; nobody is told of their own act. */
export function createNotifications(db: Db, clock: Clock, items: NewNotification[]): void {
  const rows = items.filter((item) => item.userId !== item.actorId);
  if (rows.length === 0) return;
  const createdAt = clock.now();
  // One statement run per row: a multi-row INSERT of thousands costs drizzle far more to build.
  // Prepared once per connection: every answer posted runs it inside its write (issue 14).
  const insert = preparedQuery(db, "insertNotification", () =>
    db
      .insert(notifications)
      .values({
        userId: sql.placeholder("userId"),
        kind: sql.placeholder("kind"),
        threadId: sql.placeholder("threadId"),
        postId: sql.placeholder("postId"),
        actorId: sql.placeholder("actorId"),
        createdAt: sql.placeholder("createdAt"),
      })
      .prepare(),
  );
  for (const row of rows) insert.run({ threadId: null, postId: null, actorId: null, ...row, createdAt });
}

/**
 * Tells each of `userIds` about each of `threadIds`, in one INSERT … SELECT: the escalation sweep
 * tells every staff member about every thread it flags.
 */
export function notifyAboutThreads(db: Db, clock: Clock, kind: NotificationKind, userIds: string[], threadIds: number[]): void {
  if (userIds.length === 0 || threadIds.length === 0) return;
  const createdAt = clock.now().getTime();
  db.insert(notifications)
    .select(
      db
        // Every column in table order, as drizzle's INSERT … SELECT requires; a NULL id is numbered by SQLite.
        .select({
          id: sql<number>`NULL`.as("id"),
          userId: users.id,
          kind: sql<string>`${kind}`.as("kind"),
          threadId: threads.id,
          postId: sql<number>`NULL`.as("post_id"),
          actorId: sql<string>`NULL`.as("actor_id"),
          createdAt: sql<Date>`${createdAt}`.as("created_at"),
          readAt: sql<Date>`NULL`.as("read_at"),
        })
        .from(threads)
        .innerJoin(users, inArray(users.id, userIds))
        .where(inArray(threads.id, threadIds))
        .orderBy(threads.id, users.id),
    )
    .run();
}

export function countUnread({ db }: { db: Db }, userId: string): number {
  const query = preparedQuery(db, "countUnread", () =>
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt)))
      .prepare(),
  );
  return query.get({ userId })?.n ?? 0;
}

/** A user's notifications, newest first, with what each links to. */
export function listNotifications({ db }: { db: Db }, userId: string, { before, limit = 30 }: { before?: number; limit?: number } = {}) {
  const conditions = [eq(notifications.userId, userId)];
  if (before) conditions.push(lt(notifications.id, before));
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      threadId: notifications.threadId,
      postId: notifications.postId,
      threadTitle: threads.title,
      threadSlug: threads.slug,
      postPosition: posts.position,
      actorName: users.displayName,
    })
    .from(notifications)
    .leftJoin(threads, eq(threads.id, notifications.threadId))
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(and(...conditions))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all();
}

export function markNotificationsRead({ db, clock }: { db: Db; clock: Clock }, userId: string, ids: number[]): void {
  if (ids.length === 0) return;
  db.update(notifications)
    .set({ readAt: clock.now() })
    .where(and(eq(notifications.userId, userId), inArray(notifications.id, ids), isNull(notifications.readAt)))
    .run();
}

interface NotificationLink {
  threadId: number | null;
  threadSlug: string | null;
  acceptedPostId: number | null;
  postId: number | null;
  postPosition: number | null;
}

/** Where a notification leads: the post on the thread page that shows it, or the thread itself. */
export function notificationTarget(row: NotificationLink): string {
  if (row.threadId === null) return "/notifications";
  const thread = { id: row.threadId, slug: row.threadSlug ?? "thread", acceptedPostId: row.acceptedPostId };
  if (row.postId === null || row.postPosition === null) return threadPagePath(thread);
  return postPath(thread, { id: row.postId, position: row.postPosition });
}

/** Opening one of your notifications marks it read and says where it leads; others' are not found. */
export function openNotification({ db, clock }: { db: Db; clock: Clock }, userId: string, id: number): string {
  const row = db
    .select({
      id: notifications.id,
      threadId: notifications.threadId,
      threadSlug: threads.slug,
      acceptedPostId: threads.acceptedPostId,
      postId: notifications.postId,
      postPosition: posts.position,
    })
    .from(notifications)
    .leftJoin(threads, eq(threads.id, notifications.threadId))
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .get();
  if (!row) throw new NotFound("No such notification");
  markNotificationsRead({ db, clock }, userId, [id]);
  return notificationTarget(row);
}

export function markAllNotificationsRead({ db, clock }: { db: Db; clock: Clock }, userId: string): void {
  db.update(notifications)
    .set({ readAt: clock.now() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .run();
}
