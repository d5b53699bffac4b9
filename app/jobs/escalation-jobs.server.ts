import type { AppDeps } from "~/context.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { MAIL_JOB, sendQueuedMail } from "~/services/mail-outbox.server";
import { composeMemberMails, MEMBER_MAIL_JOB } from "~/services/member-mail.server";
import { sweepReminders } from "~/services/reminders.server";
import { deliverWebhook, fanOutWebhookEvents, WEBHOOK_DELIVERY_JOB } from "~/services/webhook-delivery.server";
import { WEBHOOK_EVENT_JOB } from "~/services/webhook-events.server";
import type { JobHandler, PeriodicTask } from "./types";

// Order matters: events are fanned out (and answers' mails composed) before deliveries are
// drained, so one pass delivers.
export const ESCALATION_HANDLERS: JobHandler[] = [
  {
    kind: WEBHOOK_EVENT_JOB,
    batchSize: 100,
    run: async (jobs, deps) => {
      fanOutWebhookEvents(deps, jobs);
    },
  },
  {
    kind: WEBHOOK_DELIVERY_JOB,
    // Sent side by side, each with its own timeout and retry record: a dead endpoint delays a
    // batch by one timeout at most and never fails the others.
    batchSize: 20,
    run: async (jobs, deps) => {
      await Promise.all(jobs.map((job) => deliverWebhook(deps, job)));
    },
  },
  {
    kind: MEMBER_MAIL_JOB,
    batchSize: 50,
    run: async (jobs, deps) => {
      composeMemberMails(deps, jobs);
    },
  },
  {
    kind: MAIL_JOB,
    // One per batch: a failed send is retried alone, and messages already sent are not resent.
    batchSize: 1,
    run: async (jobs, deps) => {
      for (const job of jobs) await sendQueuedMail(job, deps.mailer);
    },
  },
];

export const ESCALATION_TASKS: PeriodicTask[] = [
  {
    name: "escalation-sweep",
    everyMs: (deps: AppDeps) => deps.env.JOBS_INTERVAL_SECONDS * 1000,
    run: (deps) => `${sweepEscalations(deps).length} threads flagged`,
  },
  {
    name: "answer-reminders",
    everyMs: 15 * 60_000,
    run: (deps) => `${sweepReminders(deps).length} threads due a reminder`,
  },
];
