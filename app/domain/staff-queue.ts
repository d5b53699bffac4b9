// The staff queue's tabs, shared by its service, schema and page; no imports (see roles.ts).
export const QUEUE_TABS = ["flagged", "due", "resolved"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];
