// Plain values shared by the webhook service and the admin page (no imports, see roles.ts).
export const WEBHOOK_EVENT_NAMES = ["thread.escalated", "thread.escalation_resolved", "thread.solved", "post.created"] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];
