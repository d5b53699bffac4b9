import { eq, lt, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { rateLimits } from "@db/schema";
import type { Clock } from "~/utils/clock";

export interface Limit {
  /** How many hits the window allows. */
  max: number;
  windowMs: number;
}

/** How many more hits `key` may have now, without counting one. */
export function remainingHits({ db, clock }: { db: Db; clock: Clock }, key: string, limit: Limit): number {
  const row = db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  if (!row || row.resetAt.getTime() <= clock.now().getTime()) return limit.max;
  return Math.max(0, limit.max - row.count);
}

/** Seconds until `key` may be hit again (0 when it may now). */
export function retryAfterSeconds({ db, clock }: { db: Db; clock: Clock }, key: string, limit: Limit): number {
  if (remainingHits({ db, clock }, key, limit) > 0) return 0;
  const row = db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  return row ? Math.max(1, Math.ceil((row.resetAt.getTime() - clock.now().getTime()) / 1000)) : 0;
}

/** Counts one hit against `key` in a fixed window that starts at the first hit. */
export function recordHit({ db, clock }: { db: Db; clock: Clock }, key: string, limit: Limit): void {
  const now = clock.now();
  const resetAt = new Date(now.getTime() + limit.windowMs);
  db.insert(rateLimits)
    .values({ key, count: 1, resetAt })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN reset_at <= ${now.getTime()} THEN 1 ELSE count + 1 END`,
        resetAt: sql`CASE WHEN reset_at <= ${now.getTime()} THEN ${resetAt.getTime()} ELSE reset_at END`,
      },
    })
    .run();
}

export function clearHits({ db }: { db: Db }, key: string): void {
  db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}

export function pruneExpiredLimits({ db, clock }: { db: Db; clock: Clock }): void {
  db.delete(rateLimits).where(lt(rateLimits.resetAt, clock.now())).run();
}
