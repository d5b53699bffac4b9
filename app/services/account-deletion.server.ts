import { and, count, desc, eq, isNull, ne } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { askSessions, badges, follows, handleHistory, media, notifications, posts, sessions, users, userTokens } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { AccountDeletionSchema } from "~/schemas/account.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { checkCurrentPassword, requireOwnAccount } from "./account-security.server";
import { Invalid, ServiceError } from "./errors";
import { deletePost } from "./posts.server";
import { getSettings } from "./settings.server";

interface Deps {
  db: Db;
  clock: Clock;
}

export const DELETED_USER_NAME = "deleted user";

/** What a deleted account's row holds instead of its owner's details: nothing that names them or reaches them. */
export function deletedUserFields(userId: string, now: Date) {
  return {
    // The .invalid top-level domain is reserved (RFC 2606): no mail can ever be delivered there.
    email: `deleted-${userId}@invalid`,
    // The shape isDeletedAccountHandle recognises, so pages show the name without a link to a profile that is gone.
    handle: `deleted-${userId}`,
    displayName: DELETED_USER_NAME,
    passwordHash: "!",
    role: "member" as const,
    reputation: 0,
    avatarMediaId: null,
    emailVerifiedAt: null,
    emailReminders: false,
    emailOnAnswer: false,
    emailOnAccepted: false,
    emailOnStaffAnswer: false,
    suspendedUntil: null,
    suspensionReason: null,
    suspendedBy: null,
    deletedAt: now,
  };
}

/**
 * Removes the member's posts they asked to go, as if they deleted each themselves (counters,
 * acceptance and search follow). A question others have answered, or a post in a thread that is
 * locked or hidden, stays (as "deleted user"): the answers others wrote are not theirs to remove.
 */
function removeOwnPosts(deps: Deps, userId: string): { removed: number; kept: number } {
  const own = deps.db
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.authorId, userId), isNull(posts.deletedAt)))
    .orderBy(desc(posts.position), desc(posts.id))
    .all();
  // As a member, whatever the role: a moderator leaving does not take others' answers with their questions.
  const self: Actor = { id: userId, role: "member", suspendedUntil: null };
  let removed = 0;
  for (const { id } of own) {
    try {
      deletePost(deps, self, id, { audit: false });
      removed += 1;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
    }
  }
  return { removed, kept: own.length - removed };
}

/**
 * Deletes the member's own account, confirmed by their password. The row stays, so threads and
 * replies keep their author ("deleted user"); everything personal goes: name, handle, email
 * (replaced by an undeliverable one), password, picture, sessions, mailed links, follows,
 * notifications, badges, old handles. Posts go too when the member asks and the admin's policy
 * (`accountDeletionPosts`) lets them. The only admin cannot leave the site without one.
 */
export async function deleteAccount(
  deps: Deps,
  actor: Actor | null,
  input: { currentPassword: string; posts?: string },
): Promise<{ postsRemoved: number; postsKept: number }> {
  const user = requireOwnAccount(deps.db, actor);
  const parsed = AccountDeletionSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  if (parsed.data.posts === "remove" && getSettings(deps).accountDeletionPosts !== "member-choice") {
    throw new Invalid({ posts: "This community keeps posts when an account is deleted" });
  }
  await checkCurrentPassword(deps, user, parsed.data.currentPassword);
  if (user.role === "admin") {
    const otherAdmins = deps.db.select({ n: count() }).from(users).where(and(eq(users.role, "admin"), ne(users.id, user.id), isNull(users.deletedAt))).get()?.n ?? 0;
    if (otherAdmins === 0) throw new Invalid({ form: "You are the only admin: make another member an admin before deleting your account." });
  }
  return transaction(deps.db, (tx) => {
    const now = deps.clock.now();
    const outcome = parsed.data.posts === "remove" ? removeOwnPosts({ db: tx, clock: deps.clock }, user.id) : null;
    const postsKept =
      outcome?.kept ?? tx.select({ n: count() }).from(posts).where(and(eq(posts.authorId, user.id), isNull(posts.deletedAt))).get()?.n ?? 0;
    tx.delete(sessions).where(eq(sessions.userId, user.id)).run();
    tx.delete(userTokens).where(eq(userTokens.userId, user.id)).run();
    tx.delete(handleHistory).where(eq(handleHistory.userId, user.id)).run();
    tx.delete(follows).where(eq(follows.userId, user.id)).run();
    tx.delete(notifications).where(eq(notifications.userId, user.id)).run();
    tx.delete(badges).where(eq(badges.userId, user.id)).run();
    tx.update(askSessions).set({ userId: null }).where(eq(askSessions.userId, user.id)).run();
    if (user.avatarMediaId) tx.delete(media).where(and(eq(media.id, user.avatarMediaId), eq(media.kind, "avatar"))).run();
    tx.update(users).set(deletedUserFields(user.id, now)).where(eq(users.id, user.id)).run();
    return { postsRemoved: outcome?.removed ?? 0, postsKept };
  });
}
