import { and, count, desc, eq, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { posts, users, type Role } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import type { Clock } from "~/utils/clock";
import { recordAudit } from "./audit-log.server";
import { Forbidden, Invalid, NotFound } from "./errors";

export const USERS_PAGE_SIZE = 25;

function requireRoleManager(actor: Actor) {
  if (!can(actor, "manageRoles")) throw new Forbidden("Only admins can see members' details and change roles.");
}

/** `%`, `_` and the escape itself are matched literally. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Members whose name, handle or email contains `query` (any case), newest first, a page at a time,
 * with role, reputation, last seen and post count. Deleted accounts are left out.
 */
export function searchUsers({ db }: { db: Db }, actor: Actor, options: { query?: string; page?: number } = {}) {
  requireRoleManager(actor);
  const query = (options.query ?? "").trim();
  const page = Math.max(1, options.page ?? 1);
  const conditions: SQL[] = [isNull(users.deletedAt)];
  if (query) {
    const pattern = likePattern(query);
    conditions.push(
      or(
        sql`lower(${users.displayName}) like ${pattern} escape '\\'`,
        sql`lower(${users.email}) like ${pattern} escape '\\'`,
        sql`lower(${users.handle}) like ${pattern} escape '\\'`,
      )!,
    );
  }
  const where = and(...conditions);
  const total = db.select({ n: count() }).from(users).where(where).get()?.n ?? 0;
  const postCount = db
    .select({ n: count() })
    .from(posts)
    .where(and(eq(posts.authorId, users.id), isNull(posts.deletedAt)));
  const rows = db
    .select({
      id: users.id,
      handle: users.handle,
      displayName: users.displayName,
      email: users.email,
      role: users.role,
      reputation: users.reputation,
      lastSeenAt: users.lastSeenAt,
      suspendedUntil: users.suspendedUntil,
      createdAt: users.createdAt,
      postCount: sql<number>`(${postCount})`,
    })
    .from(users)
    .where(where)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(USERS_PAGE_SIZE)
    .offset((page - 1) * USERS_PAGE_SIZE)
    .all();
  return { users: rows, total, page, pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)) };
}

/**
 * Gives a member another role (admins only), with one audit entry. The site always keeps an admin:
 * the last one cannot step down.
 */
export function changeRole(deps: { db: Db; clock: Clock }, actor: Actor, change: { userId: string; role: Role }): void {
  requireRoleManager(actor);
  transaction(deps.db, (tx) => {
    const target = tx.select({ id: users.id, role: users.role, deletedAt: users.deletedAt }).from(users).where(eq(users.id, change.userId)).get();
    if (!target || target.deletedAt) throw new NotFound("No such member");
    if (target.role === change.role) return;
    if (target.role === "admin") {
      const others = tx.select({ n: count() }).from(users).where(and(eq(users.role, "admin"), ne(users.id, target.id), isNull(users.deletedAt))).get()?.n ?? 0;
      if (others === 0) {
        throw new Invalid({ role: target.id === actor.id ? "You are the only admin: make someone else an admin before you step down." : "The site needs at least one admin." });
      }
    }
    tx.update(users).set({ role: change.role }).where(eq(users.id, target.id)).run();
    // Sessions read the role from the users row on every request, so the change applies at once.
    recordAudit(tx, deps.clock, { actorId: actor.id, action: "user.role", targetUserId: target.id, details: { from: target.role, to: change.role } });
  });
}
