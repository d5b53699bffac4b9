// Record types of the staff figures, shared by the services that compute them and the components
// that draw them; no imports (see roles.ts).
export const WIDGET_EVENTS = ["open", "search", "view", "ask"] as const;
export type WidgetEvent = (typeof WIDGET_EVENTS)[number];
export type WidgetCounts = Record<WidgetEvent, number>;

export interface WidgetOriginStats {
  origin: string;
  totals: WidgetCounts;
  days: { day: string; counts: WidgetCounts }[];
}

export interface ServiceLevels {
  days: number;
  asked: number;
  /** Milliseconds from asking to the first response by anyone but the asker; null without data. */
  medianFirstResponseMs: number | null;
  /** Share (0–1) of threads asked in the period that a peer answered before any escalation. */
  peerAnsweredShare: number | null;
  escalated: number;
  /** Milliseconds from the flag to the first staff post after it. */
  medianEscalationToStaffMs: number | null;
}

/** Widget use over a span of days, per host origin and per day, busiest origin first. */
export interface WidgetSummary {
  since: string;
  days: number;
  totals: WidgetCounts;
  origins: WidgetOriginStats[];
}
