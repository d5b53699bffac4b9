import type { Db } from "@db/client.server";
import { enqueueJob, type QueuedJob } from "~/jobs/queue.server";
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

/** Sends one queued message; a failure throws so the queue keeps it and retries later. */
export async function sendQueuedMail(job: QueuedJob, mailer: Mailer): Promise<void> {
  await mailer.send(job.payload as MailMessage);
}
