import { eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { users } from "@db/schema";
import { UserTokenSchema } from "~/schemas/auth.server";
import type { Clock } from "~/utils/clock";
import { Invalid, RateLimited } from "./errors";
import { enqueueMail } from "./mail-outbox.server";
import { consumeHits, describeWait, type Limit } from "./rate-limit.server";
import { getSettings } from "./settings.server";
import { claimUserToken, issueUserToken } from "./user-tokens.server";

interface Deps {
  db: Db;
  clock: Clock;
}

const MINUTE = 60_000;
/** A verification link works for a day, once. */
export const VERIFY_LINK_TTL_MS = 24 * 60 * MINUTE;
/** Verification mails per account (the one sent at sign-up counts): "send the link again" cannot flood an inbox. */
export const VERIFY_MAILS_PER_ACCOUNT: Limit = { max: 3, windowMs: 60 * MINUTE };

export const VERIFY_LINK_PROBLEM = "This verification link has expired, was already used, or is not valid. Sign in and ask for a new one.";

export function verifyEmailPath(token: string): string {
  return `/auth/verify?token=${encodeURIComponent(token)}`;
}

/**
 * Mails the account a link that confirms its address: after sign-up, and when the member asks again
 * (throttled per account; an account already verified is not mailed).
 */
export function sendVerificationLink(deps: Deps & { env: { PUBLIC_URL: string } }, userId: string): void {
  const user = deps.db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || user.emailVerifiedAt || user.deletedAt) return;
  const admission = consumeHits(deps, [{ key: `verify:account:${user.id}`, limit: VERIFY_MAILS_PER_ACCOUNT }]);
  if (!admission.allowed) {
    const wait = admission.retryAfterSeconds;
    throw new RateLimited(`We have sent several links already. Try again in ${describeWait(wait)}.`, wait);
  }
  const { siteName } = getSettings(deps);
  transaction(deps.db, (tx) => {
    const token = issueUserToken({ db: tx, clock: deps.clock }, { userId: user.id, email: user.email, purpose: "verify_email", ttlMs: VERIFY_LINK_TTL_MS });
    enqueueMail(tx, deps.clock, {
      to: user.email,
      subject: `Confirm your email address for ${siteName}`,
      text:
        `Hello ${user.displayName},\n\nPlease confirm that this is your email address (the link works once, for 24 hours):\n` +
        `${deps.env.PUBLIC_URL}${verifyEmailPath(token)}\n\n` +
        `If you did not create an account on ${siteName}, ignore this message.\n`,
    });
  });
}

/** Confirms an account's address through a mailed link, once. An expired, used or unknown link changes nothing. */
export function verifyEmail(deps: Deps, token: unknown): { userId: string } {
  const parsed = UserTokenSchema.safeParse(token);
  if (!parsed.success) throw new Invalid({ form: VERIFY_LINK_PROBLEM });
  return transaction(deps.db, (tx) => {
    const now = deps.clock.now();
    const claimed = claimUserToken(tx, parsed.data, "verify_email", now);
    if (!claimed) throw new Invalid({ form: VERIFY_LINK_PROBLEM });
    const user = tx.select().from(users).where(eq(users.id, claimed.userId)).get();
    // A link mailed to an address the account no longer has confirms nothing.
    if (!user || user.deletedAt || user.email !== claimed.email) throw new Invalid({ form: VERIFY_LINK_PROBLEM });
    if (!user.emailVerifiedAt) tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, user.id)).run();
    return { userId: user.id };
  });
}
