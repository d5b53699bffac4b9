import { and, eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { webhookDeliveries, webhooks } from "@db/schema";
import { backoffMs, completeJobs, enqueueJob, type QueuedJob } from "@db/job-queue.server";
import type { Clock } from "~/utils/clock";
import { EVENT_HEADER, EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhookBody } from "./webhooks.server";

export const WEBHOOK_DELIVERY_JOB = "webhook.deliver";
export const WEBHOOK_TIMEOUT_MS = 5_000;

interface EventPayload {
  id: string;
  event: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface DeliveryPayload {
  webhookId: number;
  eventId: string;
  event: string;
  /** The exact bytes signed and sent, fixed at fan-out so every retry sends the same body. */
  body: string;
  attempt: number;
}

/**
 * Turns each emitted event into one delivery job per active endpoint subscribed to it, and
 * marks the event jobs done in the same transaction, so an event is fanned out exactly once.
 */
export function fanOutWebhookEvents({ db, clock }: { db: Db; clock: Clock }, eventJobs: QueuedJob[]): number {
  return transaction(db, (tx) => {
    const endpoints = tx.select().from(webhooks).where(eq(webhooks.active, true)).all();
    let queued = 0;
    for (const job of eventJobs) {
      const event = job.payload as EventPayload;
      const body = JSON.stringify(event);
      for (const endpoint of endpoints) {
        if (!endpoint.events.includes(event.event)) continue;
        const payload: DeliveryPayload = { webhookId: endpoint.id, eventId: event.id, event: event.event, body, attempt: 1 };
        enqueueJob(tx, clock, WEBHOOK_DELIVERY_JOB, payload);
        queued++;
      }
    }
    completeJobs({ db: tx, clock }, eventJobs.map((job) => job.id));
    return queued;
  });
}

async function post(url: string, secret: string, payload: DeliveryPayload, timeoutMs: number) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: controller.signal,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Peerdesk-Webhooks/1",
        [SIGNATURE_HEADER]: signWebhookBody(secret, payload.body),
        [EVENT_ID_HEADER]: payload.eventId,
        [EVENT_HEADER]: payload.event,
        "X-Peerdesk-Delivery-Attempt": String(payload.attempt),
      },
      body: payload.body,
    });
    await response.body?.cancel();
    return { ok: response.status >= 200 && response.status < 300, statusCode: response.status, error: response.ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const aborted = controller.signal.aborted;
    const message = aborted ? `Timed out after ${timeoutMs} ms` : error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error);
    return { ok: false, statusCode: null, error: message.slice(0, 500) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends one delivery and records the attempt. A failure queues the next attempt with
 * exponential backoff instead of throwing, so one dead endpoint never holds up the others;
 * an event already delivered to an endpoint is never sent to it again.
 */
export async function deliverWebhook(
  { db, clock }: { db: Db; clock: Clock },
  job: QueuedJob,
  { timeoutMs = WEBHOOK_TIMEOUT_MS } = {},
): Promise<"delivered" | "failed" | "skipped"> {
  const payload = job.payload as DeliveryPayload;
  const endpoint = db.select().from(webhooks).where(eq(webhooks.id, payload.webhookId)).get();
  const alreadyDelivered = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, payload.webhookId),
        eq(webhookDeliveries.eventId, payload.eventId),
        eq(webhookDeliveries.ok, true),
      ),
    )
    .get();
  if (!endpoint || !endpoint.active || alreadyDelivered) {
    completeJobs({ db, clock }, [job.id]);
    return "skipped";
  }
  const started = performance.now();
  const result = await post(endpoint.url, endpoint.secret, payload, timeoutMs);
  transaction(db, (tx) => {
    tx.insert(webhookDeliveries)
      .values({
        webhookId: endpoint.id,
        eventId: payload.eventId,
        event: payload.event,
        attempt: payload.attempt,
        ok: result.ok,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: Math.round(performance.now() - started),
        createdAt: clock.now(),
      })
      .run();
    if (!result.ok) {
      const next: DeliveryPayload = { ...payload, attempt: payload.attempt + 1 };
      enqueueJob(tx, clock, WEBHOOK_DELIVERY_JOB, next, { delayMs: backoffMs(payload.attempt) });
    }
    completeJobs({ db: tx, clock }, [job.id]);
  });
  return result.ok ? "delivered" : "failed";
}
