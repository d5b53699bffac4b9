import { eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { sessions, userTokens, users, type User } from "@db/schema";
import { ForgotPasswordSchema, ResetPasswordSchema, UserTokenSchema } from "~/schemas/auth.server";
import { addressKey } from "~/utils/address-key.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { hashPassword } from "~/utils/passwords.server";
import { Invalid, RateLimited } from "./errors";
import { enqueueMail } from "./mail-outbox.server";
import { consumeHits, describeWait, type Limit } from "./rate-limit.server";
import { getSettings } from "./settings.server";
import { claimUserToken, issueUserToken, liveUserToken } from "./user-tokens.server";
import { RESET_LINK_PROBLEM } from "~/domain/password-reset";

interface Deps {
  db: Db;
  clock: Clock;
}

const MINUTE = 60_000;
/** A reset link works for an hour, once. */
export const RESET_LINK_TTL_MS = 60 * MINUTE;
/** Reset requests from one network address (any emails): stops one client from mailing many inboxes. */
export const RESET_REQUESTS_PER_ADDRESS: Limit = { max: 10, windowMs: 60 * MINUTE };
/** Reset mails to one email: stops anyone from flooding an inbox. Past it, requests are answered but no mail goes. */
export const RESET_MAILS_PER_EMAIL: Limit = { max: 3, windowMs: 60 * MINUTE };

export function resetPasswordPath(token: string): string {
  return `/auth/reset-password?token=${encodeURIComponent(token)}`;
}

/**
 * Asks for a reset link. The answer never says whether the address has an account: for an unknown
 * address nothing is mailed and the caller shows the same message. Throttled per network address
 * (said openly: it reveals nothing about the account) and per email (silently: no more mail goes).
 */
export function requestPasswordReset(
  deps: Deps & { env: { PUBLIC_URL: string } },
  input: { email: string; ip: string },
): void {
  const parsed = ForgotPasswordSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { email } = parsed.data;
  const admission = consumeHits(deps, [{ key: `reset:address:${addressKey(input.ip)}`, limit: RESET_REQUESTS_PER_ADDRESS }]);
  if (!admission.allowed) {
    const wait = admission.retryAfterSeconds;
    throw new RateLimited(`Too many reset requests from your network. Try again in ${describeWait(wait)}.`, wait);
  }
  if (!consumeHits(deps, [{ key: `reset:email:${email}`, limit: RESET_MAILS_PER_EMAIL }]).allowed) return;
  const user = deps.db.select().from(users).where(eq(users.email, email)).get();
  if (!user || user.deletedAt) return;
  const { siteName } = getSettings(deps);
  transaction(deps.db, (tx) => {
    const token = issueUserToken({ db: tx, clock: deps.clock }, { userId: user.id, email: user.email, purpose: "reset_password", ttlMs: RESET_LINK_TTL_MS });
    enqueueMail(tx, deps.clock, {
      to: user.email,
      subject: `Reset your ${siteName} password`,
      text:
        `Hello ${user.displayName},\n\nSomeone (perhaps you) asked to reset the password of your ${siteName} account.\n\n` +
        `Choose a new password here (the link works once, for one hour):\n${deps.env.PUBLIC_URL}${resetPasswordPath(token)}\n\n` +
        `If it was not you, ignore this message: your password stays as it is.\n`,
    });
  });
}

/** Whether a reset link still works, so the page can say so before anyone types a password. */
export function isResetTokenLive({ db, clock }: Deps, token: unknown): boolean {
  const parsed = UserTokenSchema.safeParse(token);
  if (!parsed.success) return false;
  return !!db.select({ userId: userTokens.userId }).from(userTokens).where(liveUserToken(parsed.data, "reset_password", clock.now())).get();
}

/**
 * Sets a new password through a reset link and uses the link up. Every session of the account is
 * ended in the same transaction (what lucia's invalidateUserSessions does, but atomic with the new
 * password), so whoever knew the old password is out; the caller then signs the person in afresh.
 * An expired, used or unknown link changes nothing.
 */
export async function resetPassword(deps: Deps, input: { token: string; password: string }): Promise<User> {
  const parsed = ResetPasswordSchema.safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.token) throw new Invalid({ form: RESET_LINK_PROBLEM });
    throw new Invalid(errors);
  }
  if (!isResetTokenLive(deps, parsed.data.token)) throw new Invalid({ form: RESET_LINK_PROBLEM });
  const passwordHash = await hashPassword(parsed.data.password);
  return transaction(deps.db, (tx) => {
    const now = deps.clock.now();
    const claimed = claimUserToken(tx, parsed.data.token, "reset_password", now);
    if (!claimed) throw new Invalid({ form: RESET_LINK_PROBLEM });
    const user = tx.select().from(users).where(eq(users.id, claimed.userId)).get();
    // A link mailed to an address the account no longer has must not reset it.
    if (!user || user.deletedAt || user.email !== claimed.email) throw new Invalid({ form: RESET_LINK_PROBLEM });
    tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
    tx.delete(sessions).where(eq(sessions.userId, user.id)).run();
    return { ...user, passwordHash };
  });
}
