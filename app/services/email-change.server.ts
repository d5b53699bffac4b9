import { and, eq, ne } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { users } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { EmailChangeSchema } from "~/schemas/account.server";
import { UserTokenSchema } from "~/schemas/auth.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { checkCurrentPassword, requireOwnAccount } from "./account-security.server";
import { Invalid, RateLimited } from "./errors";
import { enqueueMail } from "./mail-outbox.server";
import { consumeHits, describeWait, type Limit } from "./rate-limit.server";
import { getSettings } from "./settings.server";
import { claimUserToken, issueUserToken } from "./user-tokens.server";

interface Deps {
  db: Db;
  clock: Clock;
}

/** A confirmation link works for an hour, once, as a password reset link does. */
export const EMAIL_CHANGE_LINK_TTL_MS = 60 * 60_000;
/** Change requests per account: "change my email" cannot flood someone else's inbox. */
export const EMAIL_CHANGE_REQUESTS_PER_ACCOUNT: Limit = { max: 3, windowMs: 60 * 60_000 };

export const EMAIL_IN_USE = "Another account already uses this email address";
export const EMAIL_CHANGE_LINK_PROBLEM =
  "This confirmation link has expired, was already used, or is not valid. Ask for a new one on your account page.";

export function confirmEmailChangePath(token: string): string {
  return `/account/email/confirm?token=${encodeURIComponent(token)}`;
}

function emailInUse(db: Db, email: string, userId: string): boolean {
  return !!db.select({ id: users.id }).from(users).where(and(eq(users.email, email), ne(users.id, userId))).get();
}

/**
 * Starts a change of address, after checking the current password. Nothing changes yet: a
 * single-use link goes to the new address, and the current one keeps working until it is followed.
 * The current address is told that a change was asked for, so a hijacked session is noticed.
 * An address another account uses is refused openly (the member asked for it by name).
 */
export async function requestEmailChange(
  deps: Deps & { env: { PUBLIC_URL: string } },
  actor: Actor | null,
  input: { email: string; currentPassword: string },
): Promise<{ email: string }> {
  const user = requireOwnAccount(deps.db, actor);
  const parsed = EmailChangeSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { email } = parsed.data;
  if (email === user.email) throw new Invalid({ email: "This is already your email address" });
  if (emailInUse(deps.db, email, user.id)) throw new Invalid({ email: EMAIL_IN_USE });
  await checkCurrentPassword(deps, user, parsed.data.currentPassword);
  const admission = consumeHits(deps, [{ key: `email-change:account:${user.id}`, limit: EMAIL_CHANGE_REQUESTS_PER_ACCOUNT }]);
  if (!admission.allowed) {
    throw new RateLimited(`We have sent several links already. Try again in ${describeWait(admission.retryAfterSeconds)}.`, admission.retryAfterSeconds);
  }
  const { siteName } = getSettings(deps);
  transaction(deps.db, (tx) => {
    const token = issueUserToken({ db: tx, clock: deps.clock }, { userId: user.id, email, purpose: "change_email", ttlMs: EMAIL_CHANGE_LINK_TTL_MS });
    enqueueMail(tx, deps.clock, {
      to: email,
      subject: `Confirm your new email address for ${siteName}`,
      text:
        `Hello ${user.displayName},\n\nYou asked to use this address for your ${siteName} account (@${user.handle}).\n\n` +
        `Confirm it here (the link works once, for one hour):\n${deps.env.PUBLIC_URL}${confirmEmailChangePath(token)}\n\n` +
        `Until you do, your account keeps its current address. If you did not ask for this, ignore this message.\n`,
    });
    enqueueMail(tx, deps.clock, {
      to: user.email,
      subject: `A change of email address was requested for your ${siteName} account`,
      text:
        `Hello ${user.displayName},\n\nSomeone signed in to your ${siteName} account asked to change its email address to ${email}.\n\n` +
        `Nothing changes until the link sent to that address is followed. If this was not you, change your password now:\n` +
        `${deps.env.PUBLIC_URL}/account/password\n`,
    });
  });
  return { email };
}

/**
 * Follows a confirmation link: the account's address becomes the one the link was mailed to (and
 * counts as verified, since the member just proved they read it). An expired, used or unknown link,
 * or one for an address another account took meanwhile, changes nothing.
 */
export function confirmEmailChange(deps: Deps, token: unknown): { userId: string; email: string } {
  const parsed = UserTokenSchema.safeParse(token);
  if (!parsed.success) throw new Invalid({ form: EMAIL_CHANGE_LINK_PROBLEM });
  return transaction(deps.db, (tx) => {
    const now = deps.clock.now();
    const claimed = claimUserToken(tx, parsed.data, "change_email", now);
    if (!claimed) throw new Invalid({ form: EMAIL_CHANGE_LINK_PROBLEM });
    const user = tx.select().from(users).where(eq(users.id, claimed.userId)).get();
    if (!user || user.deletedAt) throw new Invalid({ form: EMAIL_CHANGE_LINK_PROBLEM });
    if (emailInUse(tx, claimed.email, user.id)) throw new Invalid({ form: EMAIL_IN_USE });
    tx.update(users).set({ email: claimed.email, emailVerifiedAt: now }).where(eq(users.id, user.id)).run();
    return { userId: user.id, email: claimed.email };
  });
}
