import { and, eq, ne } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { sessions, users, type User } from "@db/schema";
import { isSuspended, type Actor } from "~/auth/permissions";
import { PasswordChangeSchema } from "~/schemas/account.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { hashPassword, verifyPassword } from "~/utils/passwords.server";
import { Forbidden, Invalid, RateLimited } from "./errors";
import { clearHits, consumeHits, describeWait, type Limit } from "./rate-limit.server";

interface Deps {
  db: Db;
  clock: Clock;
}

/** Wrong current passwords per account: a stolen session cannot be used to guess the password behind it. */
export const CURRENT_PASSWORD_LIMIT: Limit = { max: 5, windowMs: 15 * 60_000 };

export const WRONG_CURRENT_PASSWORD = "That is not your current password";

/** The signed-in member's own, live account; a guest (or a deleted account's stale session) is refused. */
export function requireOwnAccount(db: Db, actor: Actor | null): User {
  if (!actor) throw new Forbidden("Sign in to change your account.");
  const user = db.select().from(users).where(eq(users.id, actor.id)).get();
  if (!user || user.deletedAt) throw new Forbidden("Sign in to change your account.");
  return user;
}

/** Name, handle and picture show beside every post: a suspended member may not change them until the suspension ends. */
export function requireNotSuspended(actor: Actor, now: Date): void {
  if (isSuspended(actor, now)) throw new Forbidden("Your account is suspended, so you cannot change your public profile for now.");
}

/**
 * Checks the password typed to confirm a sensitive change, throttled per account. A wrong one is a
 * field error on `field`; a right one clears the count.
 */
export async function checkCurrentPassword(deps: Deps, user: User, password: string, field = "currentPassword"): Promise<void> {
  const key = `current-password:${user.id}`;
  const admission = consumeHits(deps, [{ key, limit: CURRENT_PASSWORD_LIMIT }]);
  if (!admission.allowed) {
    throw new RateLimited(`Too many wrong passwords. Try again in ${describeWait(admission.retryAfterSeconds)}.`, admission.retryAfterSeconds);
  }
  if (!(await verifyPassword(user.passwordHash, password))) throw new Invalid({ [field]: WRONG_CURRENT_PASSWORD });
  clearHits(deps, key);
}

/**
 * Sets a new password after checking the current one. Every other session of the account ends in
 * the same transaction (whoever knew the old password is signed out); `keepSessionId`, the one
 * making the change, stays signed in.
 */
export async function changePassword(
  deps: Deps,
  actor: Actor | null,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
): Promise<void> {
  const user = requireOwnAccount(deps.db, actor);
  const parsed = PasswordChangeSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  await checkCurrentPassword(deps, user, parsed.data.currentPassword);
  const passwordHash = await hashPassword(parsed.data.newPassword);
  transaction(deps.db, (tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
    const others = keepSessionId ? and(eq(sessions.userId, user.id), ne(sessions.id, keepSessionId)) : eq(sessions.userId, user.id);
    tx.delete(sessions).where(others).run();
  });
}
