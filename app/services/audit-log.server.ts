import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "@db/client.server";
import { moderationLog, posts, threads, users } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import type { AuditAction } from "~/domain/moderation";
import type { Clock } from "~/utils/clock";
import { Forbidden } from "./errors";

export interface AuditEntry {
  actorId: string;
  action: AuditAction;
  threadId?: number | null;
  postId?: number | null;
  targetUserId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

/**
 * Records one moderator or admin act inside the caller's transaction, so the act and its entry
 * commit or roll back together. The table is append-only (database triggers refuse UPDATE and
 * DELETE), and this is the only code that writes it.
 */
export function recordAudit(tx: Db, clock: Clock, entry: AuditEntry): void {
  tx.insert(moderationLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      threadId: entry.threadId ?? null,
      postId: entry.postId ?? null,
      targetUserId: entry.targetUserId ?? null,
      reason: entry.reason ?? null,
      details: entry.details ?? null,
      createdAt: clock.now(),
    })
    .run();
}

export interface AuditFilters {
  /** Handle of the moderator or admin who acted. */
  actor?: string;
  action?: AuditAction;
  /** Handle of the member acted on. */
  target?: string;
  threadId?: number;
  postId?: number;
  /** Keyset cursor: entries older than this id. */
  before?: number;
  limit?: number;
}

const actorUsers = alias(users, "actor_user");
const targetUsers = alias(users, "target_user");

function userIdOf(db: Db, handle: string): string | null {
  return db.select({ id: users.id }).from(users).where(eq(users.handle, handle.toLowerCase())).get()?.id ?? null;
}

function selectEntries(db: Db) {
  return db
    .select({
      id: moderationLog.id,
      action: moderationLog.action,
      reason: moderationLog.reason,
      details: moderationLog.details,
      createdAt: moderationLog.createdAt,
      threadId: moderationLog.threadId,
      postId: moderationLog.postId,
      actorHandle: actorUsers.handle,
      actorName: actorUsers.displayName,
      targetHandle: targetUsers.handle,
      targetName: targetUsers.displayName,
      threadTitle: threads.title,
      threadSlug: threads.slug,
      postPosition: posts.position,
    })
    .from(moderationLog)
    .innerJoin(actorUsers, eq(actorUsers.id, moderationLog.actorId))
    .leftJoin(targetUsers, eq(targetUsers.id, moderationLog.targetUserId))
    .leftJoin(threads, eq(threads.id, moderationLog.threadId))
    .leftJoin(posts, eq(posts.id, moderationLog.postId));
}

type AuditRow = ReturnType<ReturnType<typeof selectEntries>["all"]>[number];

/**
 * The audit log for moderators and admins, newest first, filtered by actor, action and target
 * (member, thread or post), a page at a time; `nextBefore` is the cursor of the next page.
 * An unknown handle matches nothing rather than being ignored.
 */
export function listAuditLog({ db }: { db: Db }, viewer: Actor | null, filters: AuditFilters = {}) {
  if (!can(viewer, "viewAuditLog")) throw new Forbidden("The audit log is for moderators.");
  const limit = filters.limit ?? 50;
  const conditions: SQL[] = [];
  for (const [handle, column] of [
    [filters.actor, moderationLog.actorId],
    [filters.target, moderationLog.targetUserId],
  ] as const) {
    if (!handle) continue;
    const id = userIdOf(db, handle);
    if (!id) return { entries: [] as AuditRow[], nextBefore: null };
    conditions.push(eq(column, id));
  }
  if (filters.action) conditions.push(eq(moderationLog.action, filters.action));
  if (filters.threadId) conditions.push(eq(moderationLog.threadId, filters.threadId));
  if (filters.postId) conditions.push(eq(moderationLog.postId, filters.postId));
  if (filters.before) conditions.push(lt(moderationLog.id, filters.before));
  const rows = selectEntries(db)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(moderationLog.id))
    .limit(limit + 1)
    .all();
  const entries = rows.slice(0, limit);
  return { entries, nextBefore: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}

