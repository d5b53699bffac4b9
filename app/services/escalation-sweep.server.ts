import { and, eq, inArray, isNotNull, isNull, lte, notExists, or, gt, sql } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { categories, posts, threads, users } from "@db/schema";
import type { Clock } from "~/utils/clock";
import type { MailMessage } from "./mail.server";
import { enqueueMails } from "./mail-outbox.server";
import { notifyAboutThreads } from "./notifications.server";
import { emitWebhookEvents } from "./webhook-events.server";
import { threadPagePath } from "~/utils/post-paths";

export const STAFF_ROLES = ["staff", "moderator", "admin"] as const;
const DEFAULT_BATCH = 200;

// The unary plus keeps these terms from choosing an index: they filter the rows found through the
// partial escalation indexes. Without planner statistics (a database empty when the server started
// has none for threads until the hourly PRAGMA optimize) SQLite would otherwise read through
// threads_latest_idx (hidden = ?) or threads_popular_idx (status = ?): nearly every thread.
export const VISIBLE_THREAD = sql`+${threads.hidden} = 0`;
const OPEN_THREAD = sql`+${threads.status} = ${"open"}`;

export interface SweepDeps {
  db: Db;
  clock: Clock;
  env: { PUBLIC_URL: string };
}

/**
 * The threads whose deadline has passed and that still wait for a first response, oldest
 * deadline first. The conditions repeat the partial index's WHERE so SQLite can use
 * threads_escalation_due_idx and reads only due rows (the bench prints the plan).
 */
export function selectDueThreads(db: Db, now: Date, limit: number) {
  return db
    .select({ id: threads.id })
    .from(threads)
    .where(
      and(
        isNull(threads.escalatedAt),
        isNull(threads.firstResponseAt),
        isNotNull(threads.escalationDueAt),
        lte(threads.escalationDueAt, now),
        OPEN_THREAD,
        VISIBLE_THREAD,
        notExists(
          db
            .select({ id: posts.id })
            .from(posts)
            .where(and(eq(posts.threadId, threads.id), eq(posts.position, 1), isNotNull(posts.deletedAt))),
        ),
      ),
    )
    .orderBy(threads.escalationDueAt)
    .limit(limit);
}

function listStaff(tx: Db, now: Date) {
  return tx
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.role, [...STAFF_ROLES]), or(isNull(users.suspendedUntil), lte(users.suspendedUntil, now))))
    .all();
}

function minutesBetween(from: Date, to: Date): string {
  const minutes = Math.round((to.getTime() - from.getTime()) / 60_000);
  return minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`;
}

/**
 * Flags every due thread exactly once ("needs staff") and, in the same transaction, notifies
 * every staff member in-app, queues one mail per staff member and emits `thread.escalated`.
 * The flag is an `UPDATE … WHERE escalated_at IS NULL … RETURNING`, so concurrent sweepers
 * over one database flag and notify once. Returns the ids flagged by this call.
 */
export function sweepEscalations({ db, clock, env }: SweepDeps, { batchSize = DEFAULT_BATCH } = {}): number[] {
  const flaggedIds: number[] = [];
  for (;;) {
    const batch = transaction(db, (tx) => {
      const now = clock.now();
      const flagged = tx
        .update(threads)
        .set({ escalatedAt: now })
        .where(
          and(
            inArray(threads.id, selectDueThreads(tx, now, batchSize)),
            isNull(threads.escalatedAt),
            isNull(threads.firstResponseAt),
          ),
        )
        .returning({
          id: threads.id,
          title: threads.title,
          slug: threads.slug,
          categoryId: threads.categoryId,
          authorId: threads.authorId,
          createdAt: threads.createdAt,
          escalationDueAt: threads.escalationDueAt,
        })
        .all();
      if (flagged.length === 0) return flagged;
      const staff = listStaff(tx, now);
      const categoryNames = new Map(
        tx
          .select({ id: categories.id, name: categories.name, slug: categories.slug })
          .from(categories)
          .where(inArray(categories.id, [...new Set(flagged.map((t) => t.categoryId))]))
          .all()
          .map((c) => [c.id, c]),
      );
      const mails: MailMessage[] = [];
      const events: Record<string, unknown>[] = [];
      for (const thread of flagged) {
        const category = categoryNames.get(thread.categoryId);
        const url = `${env.PUBLIC_URL}${threadPagePath(thread)}`;
        for (const member of staff) {
          mails.push({
            to: member.email,
            subject: `[Needs staff] ${thread.title}`,
            text:
              `Hello ${member.displayName},\n\n` +
              `"${thread.title}" in ${category?.name ?? "the community"} has had no response from the community ` +
              `for ${minutesBetween(thread.createdAt, now)}.\n\nOpen the thread: ${url}\n` +
              `Claim it in the staff queue: ${env.PUBLIC_URL}/staff/queue\n`,
          });
        }
        events.push({
          threadId: thread.id,
          title: thread.title,
          url,
          category: category?.slug ?? null,
          askedAt: thread.createdAt.toISOString(),
          dueAt: thread.escalationDueAt?.toISOString() ?? null,
          escalatedAt: now.toISOString(),
        });
      }
      emitWebhookEvents(tx, clock, "thread.escalated", events);
      notifyAboutThreads(tx, clock, "escalated", staff.map((member) => member.id), flagged.map((thread) => thread.id));
      enqueueMails(tx, clock, mails);
      return flagged;
    });
    flaggedIds.push(...batch.map((thread) => thread.id));
    if (batch.length < batchSize) return flaggedIds;
  }
}

/** Threads due within the next `withinMs`, for the staff queue's "due soon" tab. */
export function dueSoonCondition(now: Date, withinMs: number) {
  return and(
    isNull(threads.escalatedAt),
    isNull(threads.firstResponseAt),
    isNotNull(threads.escalationDueAt),
    gt(threads.escalationDueAt, now),
    lte(threads.escalationDueAt, new Date(now.getTime() + withinMs)),
    OPEN_THREAD,
    VISIBLE_THREAD,
  );
}
