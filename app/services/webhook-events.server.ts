import { randomUUID } from "node:crypto";
import type { Db } from "@db/client.server";
import { enqueueJob, enqueueJobs } from "@db/job-queue.server";
import type { WebhookEventName as WebhookEvent } from "~/domain/webhooks";
import type { Clock } from "~/utils/clock";

export const WEBHOOK_EVENT_JOB = "webhook.event";

/**
 * Records that something happened, inside the caller's transaction; the webhook job fans it
 * out to the registered endpoints after commit, so a slow endpoint never slows a request.
 */
export function emitWebhookEvent(tx: Db, clock: Clock, event: WebhookEvent, data: Record<string, unknown>): void {
  enqueueJob(tx, clock, WEBHOOK_EVENT_JOB, eventPayload(clock, event, data));
}

/** The same for one event about each of many subjects (the sweep flags many threads at once). */
export function emitWebhookEvents(tx: Db, clock: Clock, event: WebhookEvent, data: Record<string, unknown>[]): void {
  enqueueJobs(tx, clock, WEBHOOK_EVENT_JOB, data.map((each) => eventPayload(clock, event, each)));
}

function eventPayload(clock: Clock, event: WebhookEvent, data: Record<string, unknown>) {
  return { id: randomUUID(), event, occurredAt: clock.now().toISOString(), data };
}
