import { eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { users, type User } from "@db/schema";
import { can, canActOnUser, isSuspended, type Actor } from "~/auth/permissions";
import { ModerationReasonSchema } from "~/schemas/moderation.server";
import type { Clock } from "~/utils/clock";
import { recordAudit } from "./audit-log.server";
import { Conflict, Forbidden, Invalid, NotFound } from "./errors";
import type { Deps } from "./thread-access.server";

function findTarget(db: Db, userId: string): User {
  const target = db.select().from(users).where(eq(users.id, userId)).get();
  if (!target) throw new NotFound("No such member");
  return target;
}

/** The checks every suspension shares; the moderation queue runs them before its own transaction. */
export function checkSuspension(deps: Deps, actor: Actor | null, targetUserId: string, change: { until: Date; reason: unknown }): { target: User; reason: string } {
  const now = deps.clock.now();
  if (!actor || !can(actor, "suspend", {}, now)) throw new Forbidden("Only moderators can suspend members.");
  const target = findTarget(deps.db, targetUserId);
  if (!canActOnUser(actor, target)) throw new Forbidden("A moderator cannot suspend an admin, another moderator or themselves.");
  if (!(change.until.getTime() > now.getTime())) throw new Invalid({ until: "Pick a date in the future" });
  const reason = ModerationReasonSchema.safeParse(change.reason ?? "");
  if (!reason.success) throw new Invalid({ suspendReason: reason.error.issues[0]?.message ?? "Give a reason" });
  return { target, reason: reason.data };
}

/** Writes a checked suspension and its audit entry inside the caller's transaction. */
export function applySuspension(tx: Db, clock: Clock, actor: Actor, target: User, until: Date, reason: string): void {
  tx.update(users).set({ suspendedUntil: until, suspensionReason: reason, suspendedBy: actor.id }).where(eq(users.id, target.id)).run();
  recordAudit(tx, clock, { actorId: actor.id, action: "user.suspend", targetUserId: target.id, reason, details: { until: until.toISOString() } });
}

/**
 * A moderator suspends a member until a date with a reason the member is shown: they keep
 * reading but cannot post, vote, flag or ask until then. Nobody suspends an equal or a superior
 * (a moderator cannot suspend an admin or another moderator), nor themselves.
 */
export function suspendUser(deps: Deps, actor: Actor | null, targetUserId: string, change: { until: Date; reason: unknown }): void {
  const { target, reason } = checkSuspension(deps, actor, targetUserId, change);
  transaction(deps.db, (tx) => applySuspension(tx, deps.clock, actor!, target, change.until, reason));
}

/** A moderator lifts a suspension before it ends, under the same rank rule. */
export function unsuspendUser(deps: Deps, actor: Actor | null, targetUserId: string): void {
  const now = deps.clock.now();
  if (!actor || !can(actor, "suspend", {}, now)) throw new Forbidden("Only moderators can lift suspensions.");
  const target = findTarget(deps.db, targetUserId);
  if (!canActOnUser(actor, target)) throw new Forbidden("A moderator cannot act on an admin, another moderator or themselves.");
  if (!isSuspended(target, now)) throw new Conflict("This member is not suspended.");
  transaction(deps.db, (tx) => {
    tx.update(users).set({ suspendedUntil: null, suspensionReason: null, suspendedBy: null }).where(eq(users.id, target.id)).run();
    recordAudit(tx, deps.clock, { actorId: actor.id, action: "user.unsuspend", targetUserId: target.id, details: { wasUntil: target.suspendedUntil?.toISOString() ?? null } });
  });
}

/**
 * What a moderator sees of a member's suspension on their profile, or null for a viewer who may
 * not act on them (members, staff, a moderator looking at an admin or another moderator).
 */
export function getSuspensionPanel(deps: Deps, viewer: Actor | null, targetUserId: string): { until: Date | null; reason: string | null } | null {
  const now = deps.clock.now();
  if (!viewer || !can(viewer, "suspend", {}, now)) return null;
  const target = deps.db.select().from(users).where(eq(users.id, targetUserId)).get();
  if (!target || !canActOnUser(viewer, target)) return null;
  return isSuspended(target, now) ? { until: target.suspendedUntil, reason: target.suspensionReason } : { until: null, reason: null };
}
