import type { LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { and, eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { webhookDeliveries, webhooks } from "@db/schema";
import { backoffMs, completeJobs, enqueueJob, type QueuedJob } from "@db/job-queue.server";
import type { Clock } from "~/utils/clock";
import type { Env } from "~/utils/env.server";
import { lookupAll, pinnedLookup, REFUSED_PRIVATE, resolveWebhookTarget, type LookupAll, type TargetPolicy } from "./webhook-targets.server";
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

interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export interface DeliveryOptions {
  timeoutMs?: number;
  /** How host names are resolved (tests give names their own answers); DNS by default. */
  lookup?: LookupAll;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    work.then(resolve, reject);
  });
}

/** POSTs to exactly `addresses` (already checked) and answers the status; the body is not read. */
function postPinned(url: URL, addresses: LookupAddress[], headers: Record<string, string>, body: string, signal: AbortSignal) {
  const request = url.protocol === "https:" ? https.request : http.request;
  return new Promise<number>((resolve, reject) => {
    const outgoing = request(
      url,
      // A connection of its own (agent: false): a pooled socket could have been opened to an address checked for another request.
      { method: "POST", headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) }, agent: false, lookup: pinnedLookup(addresses), signal },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

// Connection errors say little on purpose: "refused" against "reset" against "unreachable" is how
// a delivery log becomes a port scanner.
function describeFailure(error: unknown): string {
  const code = String((error as NodeJS.ErrnoException | undefined)?.code ?? "");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA") return "Host not found";
  if (/CERT|TLS|SSL/.test(code)) return "TLS handshake failed (certificate not accepted)";
  return "Could not connect";
}

async function post(url: string, headers: Record<string, string>, body: string, policy: TargetPolicy, { timeoutMs, lookup }: Required<DeliveryOptions>): Promise<AttemptResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const target = new URL(url);
    // Judged at every attempt, after DNS: the name may point elsewhere since it was saved.
    const resolved = await untilAborted(resolveWebhookTarget(target.hostname, policy, lookup), controller.signal);
    if (!resolved.allowed) return { ok: false, statusCode: null, error: REFUSED_PRIVATE };
    const status = await postPinned(target, resolved.addresses, headers, body, controller.signal);
    if (status >= 200 && status < 300) return { ok: true, statusCode: status, error: null };
    // Following a redirect would let an endpoint send us anywhere, internal addresses included.
    const error = status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
    return { ok: false, statusCode: status, error };
  } catch (error) {
    return { ok: false, statusCode: null, error: controller.signal.aborted ? `Timed out after ${timeoutMs} ms` : describeFailure(error) };
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
  { db, clock, env }: { db: Db; clock: Clock; env: Pick<Env, "WEBHOOKS_ALLOW_PRIVATE"> },
  job: QueuedJob,
  { timeoutMs = WEBHOOK_TIMEOUT_MS, lookup = lookupAll }: DeliveryOptions = {},
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
  const headers = {
    "Content-Type": "application/json",
    "User-Agent": "Peerdesk-Webhooks/1",
    [SIGNATURE_HEADER]: signWebhookBody(endpoint.secret, payload.body, Math.floor(clock.now().getTime() / 1000)),
    [EVENT_ID_HEADER]: payload.eventId,
    [EVENT_HEADER]: payload.event,
    "X-Peerdesk-Delivery-Attempt": String(payload.attempt),
  };
  const policy = { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === "on" };
  const result = await post(endpoint.url, headers, payload.body, policy, { timeoutMs, lookup });
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
