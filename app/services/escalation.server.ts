import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { transaction, type Db } from "@db/client.server";
import { categories, threads, type Category, type Role, type Thread } from "@db/schema";
import { hasRole, type Actor } from "~/auth/permissions";
import type { SiteSettings } from "~/schemas/settings.server";
import type { Clock } from "~/utils/clock";
import { preparedQuery, setPlaceholder } from "~/utils/prepared-queries.server";
import { addBusinessMinutes } from "./business-hours.server";
import { getSettings } from "./settings.server";
import { emitWebhookEvent } from "./webhook-events.server";

type CategoryClock = Pick<Category, "escalationEnabled" | "escalateAfterMinutes" | "escalationClock">;

/** The window a category uses, in minutes: its own, else the site default. */
export function escalationWindowMinutes(category: Pick<Category, "escalateAfterMinutes">, settings: SiteSettings): number {
  return category.escalateAfterMinutes ?? settings.defaultEscalationMinutes;
}

/**
 * When a thread asked at `createdAt` in `category` escalates if nobody responds; null: never.
 * On the business clock only the site's opening hours (outside holidays) count.
 */
export function escalationDueAt(category: CategoryClock, settings: SiteSettings, createdAt: Date): Date | null {
  if (!category.escalationEnabled) return null;
  const minutes = escalationWindowMinutes(category, settings);
  if (category.escalationClock === "business") {
    const due = addBusinessMinutes(createdAt, minutes, {
      timezone: settings.timezone,
      hours: settings.businessHours,
      holidays: settings.holidays,
    });
    // A calendar with no opening hours at all would never escalate: fall back to calendar time.
    if (due) return due;
  }
  return new Date(createdAt.getTime() + minutes * 60_000);
}

/**
 * A post by anyone but the asker is a response: the first one is recorded, and a thread waiting
 * in the staff queue leaves it. Call inside the transaction that writes the post.
 */
export function recordResponse(
  tx: Db,
  clock: Clock,
  thread: { id: number; authorId: string },
  responder: { id: string; role: Role },
): void {
  if (responder.id === thread.authorId) return;
  const now = clock.now();
  // Prepared once: every answer posted runs both inside its write (issue 14).
  preparedQuery(tx, "recordFirstResponse", () =>
    tx
      .update(threads)
      .set({ firstResponseAt: setPlaceholder("now"), firstResponseByStaff: setPlaceholder("byStaff") })
      .where(and(eq(threads.id, sql.placeholder("threadId")), isNull(threads.firstResponseAt)))
      .prepare(),
  ).run({ now, byStaff: hasRole(responder, "staff"), threadId: thread.id });
  const resolved = preparedQuery(tx, "resolveEscalationByResponse", () =>
    tx
      .update(threads)
      .set({ escalationResolvedAt: setPlaceholder("now"), escalationResolvedBy: setPlaceholder("responderId"), escalationResolution: "responded" })
      .where(and(eq(threads.id, sql.placeholder("threadId")), isNotNull(threads.escalatedAt), isNull(threads.escalationResolvedAt)))
      .returning({ id: threads.id })
      .prepare(),
  ).all({ now, responderId: responder.id, threadId: thread.id });
  if (resolved.length) {
    emitWebhookEvent(tx, clock, "thread.escalation_resolved", { threadId: thread.id, resolvedBy: responder.id, reason: "responded" });
  }
}

const waiting = () =>
  and(eq(threads.status, "open"), isNull(threads.escalatedAt), isNull(threads.firstResponseAt));

/**
 * After a window, clock or calendar changes, gives every thread still waiting (open, not
 * flagged, no response) in those categories the deadline it would get if asked now under the
 * new rules, counted from when it was asked. Calendar windows take one UPDATE per category.
 */
export function recomputeEscalationDeadlines({ db }: { db: Db }, categoryIds?: number[]): number {
  const settings = getSettings({ db });
  const chosen = db
    .select()
    .from(categories)
    .where(categoryIds ? inArray(categories.id, categoryIds) : undefined)
    .all();
  return transaction(db, (tx) => {
    let changed = 0;
    for (const category of chosen) {
      const inCategory = and(eq(threads.categoryId, category.id), waiting());
      if (!category.escalationEnabled) {
        changed += tx.update(threads).set({ escalationDueAt: null }).where(inCategory).run().changes;
      } else if (category.escalationClock === "calendar") {
        const windowMs = escalationWindowMinutes(category, settings) * 60_000;
        changed += tx
          .update(threads)
          .set({ escalationDueAt: sql`${threads.createdAt} + ${windowMs}` })
          .where(inCategory)
          .run().changes;
      } else {
        const rows = tx.select({ id: threads.id, createdAt: threads.createdAt }).from(threads).where(inCategory).all();
        for (const row of rows) {
          const dueAt = escalationDueAt(category, settings, row.createdAt);
          changed += tx.update(threads).set({ escalationDueAt: dueAt }).where(eq(threads.id, row.id)).run().changes;
        }
      }
    }
    return changed;
  });
}

export type EscalationNotice =
  | { state: "pending"; dueAt: string; label: string; timezone: string }
  | { state: "alerted" };

/** "Today at 14:32" reads as "14:32"; later days name the day, in the site's time zone. */
export function formatDeadline(dueAt: Date, now: Date, timezone: string): string {
  const due = DateTime.fromJSDate(dueAt, { zone: timezone }).setLocale("en-GB");
  const today = DateTime.fromJSDate(now, { zone: timezone }).hasSame(due, "day");
  const time = due.toFormat("HH:mm");
  const zone = timezone === "UTC" ? "UTC" : due.offsetNameShort;
  return today ? `${time} (${zone})` : `${due.toFormat("cccc d LLLL")} at ${time} (${zone})`;
}

/**
 * What the asker of an unanswered thread is told about staff stepping in; null for anyone else,
 * and once someone has responded or the thread is no longer open.
 */
export function getEscalationNotice(
  { clock }: { clock: Clock },
  thread: Pick<Thread, "authorId" | "status" | "firstResponseAt" | "escalatedAt" | "escalationDueAt" | "hidden">,
  viewer: Actor | null,
  settings: Pick<SiteSettings, "timezone">,
): EscalationNotice | null {
  if (!viewer || viewer.id !== thread.authorId) return null;
  if (thread.status !== "open" || thread.firstResponseAt || thread.hidden) return null;
  if (!thread.escalatedAt && !thread.escalationDueAt) return null;
  // A deadline that passed is flagged by the next sweep, seconds away: say so already.
  if (thread.escalatedAt || thread.escalationDueAt!.getTime() <= clock.now().getTime()) return { state: "alerted" };
  return {
    state: "pending",
    dueAt: thread.escalationDueAt!.toISOString(),
    label: formatDeadline(thread.escalationDueAt!, clock.now(), settings.timezone),
    timezone: settings.timezone,
  };
}
