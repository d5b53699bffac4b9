import { createHmac, randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { webhookDeliveries, webhooks } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import { WebhookInputSchema, type WebhookInput } from "~/schemas/webhooks";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { Forbidden, Invalid, NotFound } from "./errors";

export const SIGNATURE_HEADER = "X-Peerdesk-Signature";
export const EVENT_ID_HEADER = "X-Peerdesk-Event-Id";
export const EVENT_HEADER = "X-Peerdesk-Event";

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the same shape GitHub uses, so receivers can reuse code. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

function requireAdmin(actor: Actor) {
  if (!can(actor, "editSettings")) throw new Forbidden("Only admins manage webhooks.");
}

/**
 * Registers an endpoint (admins only) after checking its URL is http(s) with a valid host;
 * a blank secret is replaced by a generated one, returned so it can be shown once.
 */
export function registerWebhook({ db, clock }: { db: Db; clock: Clock }, actor: Actor, input: WebhookInput) {
  requireAdmin(actor);
  const parsed = WebhookInputSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const secret = parsed.data.secret || randomBytes(24).toString("base64url");
  return db
    .insert(webhooks)
    .values({ url: parsed.data.url, secret, events: [...new Set(parsed.data.events)], createdAt: clock.now() })
    .returning()
    .get();
}

/** Removes an endpoint and its delivery log; queued deliveries to it are dropped when they run. */
export function removeWebhook({ db }: { db: Db }, actor: Actor, id: number): void {
  requireAdmin(actor);
  const removed = db.delete(webhooks).where(eq(webhooks.id, id)).run();
  if (removed.changes === 0) throw new NotFound("No such webhook");
}

/** Endpoints without their secrets, newest first. */
export function listWebhooks({ db }: { db: Db }) {
  return db
    .select({ id: webhooks.id, url: webhooks.url, events: webhooks.events, active: webhooks.active, createdAt: webhooks.createdAt })
    .from(webhooks)
    .orderBy(desc(webhooks.id))
    .all();
}

/** The latest delivery attempts, failures included, newest first. */
export function listDeliveries({ db }: { db: Db }, { limit = 50 } = {}) {
  return db
    .select({
      id: webhookDeliveries.id,
      url: webhooks.url,
      event: webhookDeliveries.event,
      eventId: webhookDeliveries.eventId,
      attempt: webhookDeliveries.attempt,
      ok: webhookDeliveries.ok,
      statusCode: webhookDeliveries.statusCode,
      error: webhookDeliveries.error,
      durationMs: webhookDeliveries.durationMs,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit)
    .all();
}
