import { and, eq, gt, lt, sql } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
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

/** Counts one hit against `key` in a fixed window that starts at the first hit; returns the window's count and end. */
export function recordHit({ db, clock }: { db: Db; clock: Clock }, key: string, limit: Limit): { count: number; resetAt: Date } {
  const now = clock.now();
  const resetAt = new Date(now.getTime() + limit.windowMs);
  return db
    .insert(rateLimits)
    .values({ key, count: 1, resetAt })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN reset_at <= ${now.getTime()} THEN 1 ELSE count + 1 END`,
        resetAt: sql`CASE WHEN reset_at <= ${now.getTime()} THEN ${resetAt.getTime()} ELSE reset_at END`,
      },
    })
    .returning({ count: rateLimits.count, resetAt: rateLimits.resetAt })
    .get();
}

export interface Hit {
  key: string;
  limit: Limit;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one hit against every key, or against none: each is counted (UPSERT … RETURNING) inside
 * one IMMEDIATE transaction, which is rolled back when any key is then over its limit. So the
 * check and the count are one step — requests arriving together cannot all see room before any
 * is counted — and an attempt refused by one key does not use up the others (an address locked
 * out of one account cannot spend that account's own allowance).
 */
export function consumeHits(deps: { db: Db; clock: Clock }, hits: Hit[]): Admission {
  const now = deps.clock.now().getTime();
  let retryAfterSeconds = 0;
  try {
    transaction(deps.db, (tx) => {
      for (const { key, limit } of hits) {
        const window = recordHit({ db: tx, clock: deps.clock }, key, limit);
        if (window.count > limit.max) {
          retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil((window.resetAt.getTime() - now) / 1000), 1);
        }
      }
      if (retryAfterSeconds > 0) throw new RefusedHit();
    });
  } catch (error) {
    if (!(error instanceof RefusedHit)) throw error;
  }
  return retryAfterSeconds > 0 ? { allowed: false, retryAfterSeconds } : { allowed: true };
}

class RefusedHit extends Error {}

/** Gives back one hit counted against `key` in its current window (an attempt that turned out well). */
export function refundHit({ db, clock }: { db: Db; clock: Clock }, key: string): void {
  db.update(rateLimits)
    .set({ count: sql`${rateLimits.count} - 1` })
    .where(and(eq(rateLimits.key, key), gt(rateLimits.count, 0), gt(rateLimits.resetAt, clock.now())))
    .run();
}

/** Keeps a fact about `key` (a row with no hits) until `forMs` from now, for `isRemembered`. */
export function remember({ db, clock }: { db: Db; clock: Clock }, key: string, forMs: number): void {
  const resetAt = new Date(clock.now().getTime() + forMs);
  db.insert(rateLimits).values({ key, count: 0, resetAt }).onConflictDoUpdate({ target: rateLimits.key, set: { resetAt } }).run();
}

export function isRemembered({ db, clock }: { db: Db; clock: Clock }, key: string): boolean {
  return !!db
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.resetAt, clock.now())))
    .get();
}

/** "Try again in 15 minutes" wording for a wait in seconds. */
export function describeWait(seconds: number): string {
  if (seconds > 90 * 60) {
    const hours = Math.ceil(seconds / 3600);
    return `${hours} hours`;
  }
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

export function clearHits({ db }: { db: Db }, key: string): void {
  db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}

export function pruneExpiredLimits({ db, clock }: { db: Db; clock: Clock }): void {
  db.delete(rateLimits).where(lt(rateLimits.resetAt, clock.now())).run();
}
