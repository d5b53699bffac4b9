import { z } from "zod";

export const QUEUE_TABS = ["flagged", "due", "resolved"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

const threadId = z.coerce.number().int().positive();

/** What a staff member can do to a flagged thread from the queue. */
export const QueueIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("claim"), threadId }),
  z.object({ intent: z.literal("release"), threadId }),
  z.object({ intent: z.literal("resolve"), threadId, reason: z.string().default("") }),
]);
