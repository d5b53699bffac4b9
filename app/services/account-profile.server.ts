import { and, eq, ne } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { handleHistory, users } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { HANDLE_RESERVED, HANDLE_TAKEN, RESERVED_HANDLES } from "~/domain/handles";
import { DisplayNameSchema, HandleSchema } from "~/schemas/account.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { Invalid } from "./errors";
import { requireNotSuspended, requireOwnAccount } from "./account-security.server";

interface Deps {
  db: Db;
  clock: Clock;
}

export function changeDisplayName(deps: Deps, actor: Actor | null, input: { displayName: string }): { displayName: string } {
  const user = requireOwnAccount(deps.db, actor);
  requireNotSuspended(user, deps.clock.now());
  const parsed = DisplayNameSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  deps.db.update(users).set({ displayName: parsed.data.displayName }).where(eq(users.id, user.id)).run();
  return parsed.data;
}

/**
 * Why `handle` cannot be `userId`'s, or null when it can: reserved, another member's now, or
 * another member's once (their old profile address keeps leading to them).
 */
export function handleProblem(db: Db, handle: string, userId: string | null): string | null {
  if (RESERVED_HANDLES.has(handle)) return HANDLE_RESERVED;
  const owner = db.select({ id: users.id }).from(users).where(eq(users.handle, handle)).get();
  if (owner && owner.id !== userId) return HANDLE_TAKEN;
  const former = db.select({ userId: handleHistory.userId }).from(handleHistory).where(eq(handleHistory.handle, handle)).get();
  if (former && former.userId !== userId) return HANDLE_TAKEN;
  return null;
}

/**
 * Gives the member a new handle. The old one is kept in handle_history, so /u/<old> redirects to
 * the new profile and nobody else can take it; taking back one's own old handle is allowed.
 */
export function changeHandle(deps: Deps, actor: Actor | null, input: { handle: string }): { handle: string; previous: string } {
  const user = requireOwnAccount(deps.db, actor);
  requireNotSuspended(user, deps.clock.now());
  const parsed = HandleSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { handle } = parsed.data;
  if (handle === user.handle) return { handle, previous: user.handle };
  return transaction(deps.db, (tx) => {
    const problem = handleProblem(tx, handle, user.id);
    if (problem) throw new Invalid({ handle: problem });
    tx.delete(handleHistory).where(and(eq(handleHistory.handle, handle), eq(handleHistory.userId, user.id))).run();
    tx.insert(handleHistory)
      .values({ handle: user.handle, userId: user.id, changedAt: deps.clock.now() })
      .onConflictDoUpdate({ target: handleHistory.handle, set: { userId: user.id, changedAt: deps.clock.now() } })
      .run();
    tx.update(users).set({ handle }).where(and(eq(users.id, user.id), ne(users.handle, handle))).run();
    return { handle, previous: user.handle };
  });
}

/** What the account pages show of the member's own account (never the password hash). */
export function getAccountSummary({ db }: { db: Db }, actor: Actor | null) {
  const user = requireOwnAccount(db, actor);
  return {
    id: user.id,
    displayName: user.displayName,
    handle: user.handle,
    email: user.email,
    emailVerified: !!user.emailVerifiedAt,
    avatarMediaId: user.avatarMediaId,
  };
}
