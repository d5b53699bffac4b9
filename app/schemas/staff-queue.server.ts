import { z } from "zod";
import { QUEUE_TABS } from "~/domain/staff-queue";

const threadId = z.coerce.number().int().positive();

/** What a staff member can do to a flagged thread from the queue. */
export const QueueIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("claim"), threadId }),
  z.object({ intent: z.literal("release"), threadId }),
  z.object({ intent: z.literal("resolve"), threadId, reason: z.string().default("") }),
]);

/** The queue's tab from its URL; anything else shows the first tab. */
export const QueueTabSchema = z.enum(QUEUE_TABS).catch("flagged");
