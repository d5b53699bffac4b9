import { eq, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { badges, users } from "@db/schema";
import { ACCEPTED_BADGES, REPUTATION } from "~/utils/badges";
import type { Clock } from "~/utils/clock";
import { preparedQuery } from "~/utils/prepared-queries.server";

/** Adds (or with a negative delta, takes back) reputation; call inside the write's transaction. */
export function changeReputation(tx: Db, userId: string, delta: number): void {
  if (delta === 0) return;
  tx.update(users).set({ reputation: sql`${users.reputation} + ${delta}` }).where(eq(users.id, userId)).run();
}

/**
 * An answer by `userId` became accepted (+1) or stopped being accepted (-1): reputation and the
 * accepted count move together, and crossing a threshold awards its badge once, for good.
 */
export function changeAcceptedCount(tx: Db, clock: Clock, userId: string, delta: 1 | -1): void {
  tx.update(users)
    .set({
      acceptedCount: sql`${users.acceptedCount} + ${delta}`,
      reputation: sql`${users.reputation} + ${delta * REPUTATION.accepted}`,
    })
    .where(eq(users.id, userId))
    .run();
  if (delta < 0) return;
  const user = tx.select({ acceptedCount: users.acceptedCount }).from(users).where(eq(users.id, userId)).get();
  if (!user) return;
  const earned = ACCEPTED_BADGES.filter((badge) => badge.threshold <= user.acceptedCount);
  if (earned.length === 0) return;
  tx.insert(badges)
    .values(earned.map((badge) => ({ userId, badge: badge.id, awardedAt: clock.now() })))
    .onConflictDoNothing()
    .run();
}

export function changeAnswerCount(tx: Db, userId: string, delta: number): void {
  if (delta === 0) return;
  // Prepared once: every answer posted runs it inside its write (issue 14).
  preparedQuery(tx, "changeAnswerCount", () =>
    tx
      .update(users)
      .set({ answerCount: sql`${users.answerCount} + ${sql.placeholder("delta")}` })
      .where(eq(users.id, sql.placeholder("userId")))
      .prepare(),
  ).run({ delta, userId });
}

export function listBadges(db: Db, userId: string) {
  return db.select().from(badges).where(eq(badges.userId, userId)).orderBy(badges.awardedAt).all();
}
