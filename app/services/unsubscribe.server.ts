import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { users } from "@db/schema";
import { MEMBER_MAIL_LABELS, UNSUBSCRIBE_PATH, UNSUBSCRIBE_SCOPES, type UnsubscribeScope } from "~/domain/member-mail";
import { Invalid } from "./errors";
import { hasServerSignature, signWithServerSecret } from "./server-secret.server";

export const UNSUBSCRIBE_LINK_PROBLEM = "This unsubscribe link is not valid (it may have been cut short or changed). Sign in and change your email settings on your account page instead.";

const TOKEN_PATTERN = new RegExp(`^([0-9a-f-]{36})\\.(${UNSUBSCRIBE_SCOPES.join("|")})\\.([A-Za-z0-9_-]{43})$`);

const signedPart = (userId: string, scope: UnsubscribeScope) => `unsubscribe:${userId}:${scope}`;

/**
 * The token of a one-click unsubscribe link: who and what, signed with the server's key. It needs
 * no sign-in and does not expire (a mail read months later must still be able to stop the next one).
 */
export function unsubscribeToken(db: Db, userId: string, scope: UnsubscribeScope): string {
  return `${userId}.${scope}.${signWithServerSecret(db, signedPart(userId, scope))}`;
}

/** The link's absolute address, for the mail body and the List-Unsubscribe header. */
export function unsubscribeUrl(db: Db, publicUrl: string, userId: string, scope: UnsubscribeScope): string {
  return `${publicUrl}${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(unsubscribeToken(db, userId, scope))}`;
}

/** Who and what a token names, or null when the server did not sign it (changed, cut short, made up). */
export function readUnsubscribeToken(db: Db, token: unknown): { userId: string; scope: UnsubscribeScope } | null {
  if (typeof token !== "string") return null;
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, userId, scope] = match as unknown as [string, string, UnsubscribeScope, string];
  return hasServerSignature(db, signedPart(userId, scope), match[3]!) ? { userId, scope } : null;
}

/** What the confirmation page says a link will stop. */
export function describeUnsubscribe(db: Db, token: unknown): { scope: UnsubscribeScope; what: string } {
  const claim = readUnsubscribeToken(db, token);
  if (!claim || !db.select({ id: users.id }).from(users).where(eq(users.id, claim.userId)).get()) {
    throw new Invalid({ form: UNSUBSCRIBE_LINK_PROBLEM });
  }
  const what = claim.scope === "all" ? "all email about answers and accepted answers" : `email when: ${MEMBER_MAIL_LABELS[claim.scope].toLowerCase()}`;
  return { scope: claim.scope, what };
}

/**
 * Switches off what a signed link names, without a sign-in: the signature is the proof (RFC 8058
 * one-click). Using it twice changes nothing more; a link the server did not sign is refused.
 */
export function unsubscribe({ db }: { db: Db }, token: unknown): { scope: UnsubscribeScope } {
  const { scope } = describeUnsubscribe(db, token);
  const { userId } = readUnsubscribeToken(db, token)!;
  const off = {
    answer: { emailOnAnswer: false },
    accepted: { emailOnAccepted: false },
    staff_answer: { emailOnStaffAnswer: false },
    all: { emailOnAnswer: false, emailOnAccepted: false, emailOnStaffAnswer: false },
  }[scope];
  db.update(users).set(off).where(eq(users.id, userId)).run();
  return { scope };
}

/**
 * Whether a POST is a signed unsubscribe (RFC 8058 one-click): a mail provider sends it without an
 * Origin, a Referer or a session, so the CSRF check lets exactly this through, the signature
 * standing in for the origin. Anything else to that address is checked like every other form.
 */
export function isSignedUnsubscribePost(db: Db, method: string, pathname: string, token: unknown): boolean {
  return method === "POST" && pathname === UNSUBSCRIBE_PATH && readUnsubscribeToken(db, token) !== null;
}
