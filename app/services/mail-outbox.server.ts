import { and, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { jobs } from "@db/schema";
import { enqueueJob, enqueueJobs, type QueuedJob } from "@db/job-queue.server";
import type { Clock } from "~/utils/clock";
import type { MailMessage, Mailer } from "./mail.server";

export const MAIL_JOB = "mail.send";

/**
 * Queues one message inside the caller's transaction; the mail job sends it after commit and
 * retries with backoff while the SMTP server is unreachable, so a message is never lost.
 */
export function enqueueMail(tx: Db, clock: Clock, message: MailMessage): void {
  enqueueJob(tx, clock, MAIL_JOB, message);
}

/** Queues many messages at once (the sweep alerts every staff member about every flagged thread). */
export function enqueueMails(tx: Db, clock: Clock, messages: MailMessage[]): void {
  enqueueJobs(tx, clock, MAIL_JOB, messages);
}

/** Sends one queued message; a failure throws so the queue keeps it and retries later. */
export async function sendQueuedMail(job: QueuedJob, mailer: Mailer): Promise<void> {
  await mailer.send(job.payload as MailMessage);
}

/** What admins see of outgoing mail: messages waiting, how many of them failed at least once, the latest error. */
export function getMailOutboxStatus({ db }: { db: Db }) {
  const pending = and(eq(jobs.kind, MAIL_JOB), isNull(jobs.doneAt));
  const row = db
    .select({ waiting: count(), failing: sql<number>`COALESCE(SUM(${jobs.attempts} > 0), 0)` })
    .from(jobs)
    .where(pending)
    .get();
  const latest = db
    .select({ lastError: jobs.lastError })
    .from(jobs)
    .where(and(pending, isNotNull(jobs.failedAt)))
    .orderBy(desc(jobs.failedAt), desc(jobs.id))
    .limit(1)
    .get();
  return { waiting: row?.waiting ?? 0, failing: Number(row?.failing ?? 0), lastError: latest?.lastError ?? null };
}
