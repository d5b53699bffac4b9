import { and, asc, desc, eq, gte, isNotNull, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { DateTime } from "luxon";
import { transaction, type Db } from "@db/client.server";
import { categories, threads, users } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import type { QueueTab } from "~/domain/staff-queue";
import type { Clock } from "~/utils/clock";
import { Conflict, Forbidden, Invalid, NotFound } from "./errors";
import { dueSoonCondition, VISIBLE_THREAD } from "./escalation-sweep.server";
import { getSettings } from "./settings.server";
import { emitWebhookEvent } from "./webhook-events.server";

const claimer = alias(users, "claimer");
const resolver = alias(users, "resolver");
const LIMIT = 100;

function requireStaff(actor: Actor) {
  if (!can(actor, "claimEscalation")) throw new Forbidden("Only staff can work the queue.");
}

/**
 * One tab of the staff queue: flagged threads still waiting (most overdue first), threads due
 * within the next default window, or flags resolved since midnight in the site's time zone.
 * Hidden and deleted threads are left out of every tab (their links would 404).
 */
export function listStaffQueue({ db, clock }: { db: Db; clock: Clock }, actor: Actor, tab: QueueTab) {
  if (!can(actor, "viewStaffQueue")) throw new Forbidden("This page is for staff only.");
  const now = clock.now();
  const settings = getSettings({ db });
  const where =
    tab === "flagged"
      ? and(isNotNull(threads.escalatedAt), isNull(threads.escalationResolvedAt), VISIBLE_THREAD)
      : tab === "due"
        ? dueSoonCondition(now, settings.defaultEscalationMinutes * 60_000)
        : and(
            gte(threads.escalationResolvedAt, DateTime.fromJSDate(now, { zone: settings.timezone }).startOf("day").toJSDate()),
            VISIBLE_THREAD,
          );
  const order =
    tab === "resolved" ? [desc(threads.escalationResolvedAt)] : [asc(threads.escalationDueAt), asc(threads.id)];
  return db
    .select({
      id: threads.id,
      title: threads.title,
      slug: threads.slug,
      category: categories.name,
      createdAt: threads.createdAt,
      dueAt: threads.escalationDueAt,
      escalatedAt: threads.escalatedAt,
      meTooCount: threads.meTooCount,
      replyCount: threads.replyCount,
      claimedById: threads.escalationClaimedBy,
      claimedByName: claimer.displayName,
      claimedAt: threads.escalationClaimedAt,
      resolvedAt: threads.escalationResolvedAt,
      resolution: threads.escalationResolution,
      resolvedByName: resolver.displayName,
    })
    .from(threads)
    .innerJoin(categories, eq(categories.id, threads.categoryId))
    .leftJoin(claimer, eq(claimer.id, threads.escalationClaimedBy))
    .leftJoin(resolver, eq(resolver.id, threads.escalationResolvedBy))
    .where(where)
    .orderBy(...order)
    .limit(LIMIT)
    .all();
}
export type QueueRow = ReturnType<typeof listStaffQueue>[number];

function loadFlagged(tx: Db, threadId: number) {
  const thread = tx
    .select({
      id: threads.id,
      escalatedAt: threads.escalatedAt,
      resolvedAt: threads.escalationResolvedAt,
      claimedBy: threads.escalationClaimedBy,
      claimedByName: claimer.displayName,
    })
    .from(threads)
    .leftJoin(claimer, eq(claimer.id, threads.escalationClaimedBy))
    .where(eq(threads.id, threadId))
    .get();
  if (!thread || !thread.escalatedAt) throw new NotFound("That thread is not in the staff queue.");
  if (thread.resolvedAt) throw new Conflict("That thread has already been resolved.");
  return thread;
}

/** Assigns a flagged thread to the acting staff member; one someone else holds is refused with their name. */
export function claimEscalation({ db, clock }: { db: Db; clock: Clock }, actor: Actor, threadId: number): void {
  requireStaff(actor);
  transaction(db, (tx) => {
    const thread = loadFlagged(tx, threadId);
    if (thread.claimedBy === actor.id) return;
    if (thread.claimedBy) throw new Conflict(`${thread.claimedByName ?? "Someone else"} has already claimed this thread.`);
    tx.update(threads)
      .set({ escalationClaimedBy: actor.id, escalationClaimedAt: clock.now() })
      .where(and(eq(threads.id, threadId), isNull(threads.escalationClaimedBy)))
      .run();
  });
}

/** Gives a claimed thread back to the queue; only the one who claimed it can. */
export function releaseEscalation({ db }: { db: Db }, actor: Actor, threadId: number): void {
  requireStaff(actor);
  transaction(db, (tx) => {
    const thread = loadFlagged(tx, threadId);
    if (!thread.claimedBy) return;
    if (thread.claimedBy !== actor.id) {
      throw new Conflict(`${thread.claimedByName ?? "Someone else"} claimed this thread; only they can release it.`);
    }
    tx.update(threads).set({ escalationClaimedBy: null, escalationClaimedAt: null }).where(eq(threads.id, threadId)).run();
  });
}

/** Takes a flagged thread out of the queue without a response, with the reason staff give. */
export function resolveEscalation(
  { db, clock }: { db: Db; clock: Clock },
  actor: Actor,
  threadId: number,
  reason: string,
): void {
  requireStaff(actor);
  const trimmed = reason.trim();
  if (trimmed.length < 3 || trimmed.length > 500) throw new Invalid({ reason: "Give a reason of 3 to 500 characters" });
  transaction(db, (tx) => {
    loadFlagged(tx, threadId);
    const now = clock.now();
    const changed = tx
      .update(threads)
      .set({ escalationResolvedAt: now, escalationResolvedBy: actor.id, escalationResolution: trimmed })
      .where(and(eq(threads.id, threadId), isNull(threads.escalationResolvedAt)))
      .run().changes;
    if (changed) emitWebhookEvent(tx, clock, "thread.escalation_resolved", { threadId, resolvedBy: actor.id, reason: trimmed });
  });
}
