import { createHmac, randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { webhookDeliveries, webhooks } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import { WebhookInputSchema, type WebhookInput } from "~/schemas/webhooks.server";
import type { Clock } from "~/utils/clock";
import type { Env } from "~/utils/env.server";
import { fieldErrors } from "~/utils/forms";
import { Forbidden, Invalid, NotFound } from "./errors";
import { privateTargetProblem } from "./webhook-targets.server";

export const SIGNATURE_HEADER = "X-Peerdesk-Signature";
export const EVENT_ID_HEADER = "X-Peerdesk-Event-Id";
export const EVENT_HEADER = "X-Peerdesk-Event";

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, Stripe's scheme: the timestamp is
 * signed with the body, so a receiver can refuse a delivery replayed later (README, Webhooks).
 */
export function signWebhookBody(secret: string, body: string, timestampSeconds: number): string {
  const signature = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${signature}`;
}

function requireAdmin(actor: Actor) {
  if (!can(actor, "editSettings")) throw new Forbidden("Only admins manage webhooks.");
}

/**
 * Registers an endpoint (admins only) after checking its URL is http(s) with a valid host that is
 * not a literal private address (unless WEBHOOKS_ALLOW_PRIVATE=on); a blank secret is replaced by a
 * generated one, returned so it can be shown once.
 */
export function registerWebhook(
  { db, clock, env }: { db: Db; clock: Clock; env: Pick<Env, "WEBHOOKS_ALLOW_PRIVATE"> },
  actor: Actor,
  input: WebhookInput,
) {
  requireAdmin(actor);
  const parsed = WebhookInputSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const privateProblem = privateTargetProblem(parsed.data.url, { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === "on" });
  if (privateProblem) throw new Invalid({ url: privateProblem });
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
