import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { userTokens } from "@db/schema";
import type { Clock } from "~/utils/clock";

export type UserTokenPurpose = (typeof userTokens.$inferSelect)["purpose"];

/** Only the hash is stored, so a leaked database does not hand out working links. */
export function hashUserToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new random single-use token for a mailed link (43 base64url characters); stores its hash, returns the token. */
export function issueUserToken(
  { db, clock }: { db: Db; clock: Clock },
  fields: { userId: string; email: string; purpose: UserTokenPurpose; ttlMs: number },
): string {
  const token = randomBytes(32).toString("base64url");
  const now = clock.now();
  db.insert(userTokens)
    .values({
      tokenHash: hashUserToken(token),
      userId: fields.userId,
      purpose: fields.purpose,
      email: fields.email,
      expiresAt: new Date(now.getTime() + fields.ttlMs),
      createdAt: now,
    })
    .run();
  return token;
}

/** The conditions under which a token still works: this purpose, unused, unexpired. */
export function liveUserToken(token: string, purpose: UserTokenPurpose, now: Date) {
  return and(eq(userTokens.tokenHash, hashUserToken(token)), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now));
}

/** Uses a live token up (a conditional UPDATE, so two uses of one link cannot both succeed); undefined when it was not live. */
export function claimUserToken(tx: Db, token: string, purpose: UserTokenPurpose, now: Date) {
  return tx
    .update(userTokens)
    .set({ usedAt: now })
    .where(liveUserToken(token, purpose, now))
    .returning({ userId: userTokens.userId, email: userTokens.email })
    .get();
}
