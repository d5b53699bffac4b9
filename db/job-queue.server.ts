import { and, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { connectionOf, transaction, type Db } from "@db/client.server";
import { jobs } from "@db/schema";
import type { Clock } from "~/utils/clock";

export type QueuedJob = typeof jobs.$inferSelect;

// A claimed job is locked this long; after that another process may claim it again. So every
// handler must finish a batch well within it: each network wait a job makes is bounded far below
// (MAIL_TIMEOUTS.sendTimeout, 30 s, per message; WEBHOOK_TIMEOUT_MS, 5 s, per delivery, sent side by
// side), and tests/jobs/escalation-delivery.test.ts fails if one of them grows past a quarter of it.
export const LOCK_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

// One INSERT into the queue, prepared once per connection (keyed by its session, which its
// transactions share): every answer posted queues a search update, a webhook event and the
// asker's mail inside its write, and building the statement there held the write lock (issue 14).
const queueInserts = new WeakMap<object, ReturnType<typeof prepareQueueInsert>>();

function prepareQueueInsert(db: Db) {
  const insert = db
    .insert(jobs)
    .values({ kind: sql.placeholder("kind"), payload: sql.placeholder("payload"), runAfter: sql.placeholder("runAfter"), createdAt: sql.placeholder("createdAt") })
    .prepare();
  queueInserts.set(connectionOf(db), insert);
  return insert;
}

/**
 * Queues work to run after the surrounding transaction commits. Call it with the transaction's
 * handle so the job exists exactly when the change that caused it does.
 */
export function enqueueJob(
  db: Db,
  clock: Clock,
  kind: string,
  payload: unknown,
  options: { delayMs?: number } = {},
): void {
  const now = clock.now();
  const insert = queueInserts.get(connectionOf(db)) ?? prepareQueueInsert(db);
  insert.run({ kind, payload, runAfter: new Date(now.getTime() + (options.delayMs ?? 0)), createdAt: now });
}

/**
 * Queues many jobs of one kind, like enqueueJob in a loop but through one prepared statement: a sweep
 * queues a mail per staff member per flagged thread, and building one INSERT of thousands of rows
 * took drizzle most of a second (issue 14).
 */
export function enqueueJobs(db: Db, clock: Clock, kind: string, payloads: unknown[]): void {
  if (payloads.length === 0) return;
  const now = clock.now();
  // The statement enqueueJob keeps: an answer mailing its asker queues through here (issue 14).
  const insert = queueInserts.get(connectionOf(db)) ?? prepareQueueInsert(db);
  for (const payload of payloads) insert.run({ kind, payload, runAfter: now, createdAt: now });
}

/**
 * Takes up to `limit` due jobs of one kind and locks them, atomically, so two processes never
 * take the same job. A lock expires, so a job taken by a process that died runs again later.
 */
export function claimJobs({ db, clock }: { db: Db; clock: Clock }, kind: string, limit: number): QueuedJob[] {
  const now = clock.now();
  return transaction(db, (tx) => {
    const due = tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.kind, kind),
          isNull(jobs.doneAt),
          lte(jobs.runAfter, now),
          or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, now)),
        ),
      )
      .orderBy(jobs.runAfter, jobs.id)
      .limit(limit)
      .all();
    if (due.length === 0) return [];
    return tx
      .update(jobs)
      .set({ lockedUntil: new Date(now.getTime() + LOCK_MS), attempts: sql`${jobs.attempts} + 1` })
      .where(inArray(jobs.id, due.map((job) => job.id)))
      .returning()
      .all();
  });
}

export function completeJobs({ db, clock }: { db: Db; clock: Clock }, ids: number[]): void {
  if (ids.length === 0) return;
  db.update(jobs).set({ doneAt: clock.now(), lockedUntil: null, lastError: null }).where(inArray(jobs.id, ids)).run();
}

/** Exponential backoff: 10 s, 20 s, 40 s … capped at an hour; a job is never dropped. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 10_000 * 2 ** Math.max(0, attempts - 1));
}

export function failJobs({ db, clock }: { db: Db; clock: Clock }, failed: QueuedJob[], error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const now = clock.now().getTime();
  for (const job of failed) {
    db.update(jobs)
      .set({ lockedUntil: null, lastError: message.slice(0, 1000), failedAt: new Date(now), runAfter: new Date(now + backoffMs(job.attempts)) })
      .where(eq(jobs.id, job.id))
      .run();
  }
}

/**
 * Makes every waiting job of `kind` due now: what they wait for (an engine that was down) is
 * back, so they need not sit out the rest of their backoff. Jobs under way keep their lock.
 */
export function hurryJobs({ db, clock }: { db: Db; clock: Clock }, kind: string): void {
  const now = clock.now();
  db.update(jobs)
    .set({ runAfter: now })
    .where(and(eq(jobs.kind, kind), isNull(jobs.doneAt), gt(jobs.runAfter, now)))
    .run();
}

/** Jobs of `kind` not yet done, due or waiting out a backoff. */
export function countWaitingJobs({ db }: { db: Db }, kind: string): number {
  return db.select({ n: sql<number>`count(*)` }).from(jobs).where(and(eq(jobs.kind, kind), isNull(jobs.doneAt))).get()?.n ?? 0;
}

/** Finished jobs are kept a week for inspection, then removed. */
export function pruneFinishedJobs({ db, clock }: { db: Db; clock: Clock }): void {
  const cutoff = new Date(clock.now().getTime() - 7 * 24 * 60 * 60_000);
  db.delete(jobs).where(lte(jobs.doneAt, cutoff)).run();
}
