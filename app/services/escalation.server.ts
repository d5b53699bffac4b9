import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { threads, type Category, type Role } from "@db/schema";
import { hasRole } from "~/auth/permissions";
import type { SiteSettings } from "~/schemas/settings";
import type { Clock } from "~/utils/clock";
import { emitWebhookEvent } from "./webhook-events.server";

/** When a thread asked at `createdAt` in `category` escalates if nobody responds; null: never. */
export function escalationDueAt(category: Category, settings: SiteSettings, createdAt: Date): Date | null {
  if (!category.escalationEnabled) return null;
  const minutes = category.escalateAfterMinutes ?? settings.defaultEscalationMinutes;
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
  tx.update(threads)
    .set({ firstResponseAt: now, firstResponseByStaff: hasRole(responder, "staff") })
    .where(and(eq(threads.id, thread.id), isNull(threads.firstResponseAt)))
    .run();
  const resolved = tx
    .update(threads)
    .set({ escalationResolvedAt: now, escalationResolvedBy: responder.id, escalationResolution: "responded" })
    .where(and(eq(threads.id, thread.id), isNotNull(threads.escalatedAt), isNull(threads.escalationResolvedAt)))
    .returning({ id: threads.id })
    .all();
  if (resolved.length) {
    emitWebhookEvent(tx, clock, "thread.escalation_resolved", { threadId: thread.id, resolvedBy: responder.id, reason: "responded" });
  }
}
