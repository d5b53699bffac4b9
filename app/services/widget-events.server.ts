import { asc, gte, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { widgetEvents } from "@db/schema";
import { WIDGET_EVENTS, type WidgetCounts, type WidgetEvent, type WidgetOriginStats, type WidgetSummary } from "~/domain/insights";
import { WidgetEventSchema } from "~/schemas/widget.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { Invalid, RateLimited } from "./errors";
import { recordHit, retryAfterSeconds } from "./rate-limit.server";
import { getSettings } from "./settings.server";

// One widget session sends a handful of events; this only stops a script from inflating counts.
const EVENT_LIMIT = { max: 120, windowMs: 60_000 };

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Counts one widget event for a host origin on today's (UTC) row. Only origins in the allowed list
 * are counted: anything else is a forged or stale claim and is refused, so the table stays small.
 */
export function recordWidgetEvent(
  { db, clock }: { db: Db; clock: Clock },
  input: { origin: unknown; event: unknown; clientIp: string },
): void {
  const parsed = WidgetEventSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { origin, event } = parsed.data;
  if (!getSettings({ db }).widgetOrigins.includes(origin)) {
    throw new Invalid({ origin: "This origin is not allowed to embed the widget." });
  }
  const limitKey = `widget-events:${input.clientIp}`;
  const wait = retryAfterSeconds({ db, clock }, limitKey, EVENT_LIMIT);
  if (wait > 0) throw new RateLimited("Too many widget events.", wait);
  recordHit({ db, clock }, limitKey, EVENT_LIMIT);
  db.insert(widgetEvents)
    .values({ day: utcDay(clock.now()), origin, event, count: 1 })
    .onConflictDoUpdate({
      target: [widgetEvents.day, widgetEvents.origin, widgetEvents.event],
      set: { count: sql`${widgetEvents.count} + 1` },
    })
    .run();
}

const zeroCounts = (): WidgetCounts => Object.fromEntries(WIDGET_EVENTS.map((e) => [e, 0])) as WidgetCounts;

/**
 * Widget use over the last `days` days (today included), per host origin and per day, busiest
 * origin first. "Deflection" reads as answers viewed against ask clicks.
 */
export function summarizeWidgetEvents({ db, clock }: { db: Db; clock: Clock }, days = 30): WidgetSummary {
  const since = utcDay(new Date(clock.now().getTime() - (days - 1) * 86_400_000));
  const rows = db
    .select()
    .from(widgetEvents)
    .where(gte(widgetEvents.day, since))
    .orderBy(asc(widgetEvents.origin), asc(widgetEvents.day))
    .all();
  const byOrigin = new Map<string, WidgetOriginStats>();
  const totals = zeroCounts();
  for (const row of rows) {
    if (!(WIDGET_EVENTS as readonly string[]).includes(row.event)) continue;
    const event = row.event as WidgetEvent;
    let stats = byOrigin.get(row.origin);
    if (!stats) byOrigin.set(row.origin, (stats = { origin: row.origin, totals: zeroCounts(), days: [] }));
    let day = stats.days.find((d) => d.day === row.day);
    if (!day) stats.days.push((day = { day: row.day, counts: zeroCounts() }));
    day.counts[event] += row.count;
    stats.totals[event] += row.count;
    totals[event] += row.count;
  }
  const origins = [...byOrigin.values()].sort((a, b) => b.totals.open - a.totals.open || a.origin.localeCompare(b.origin));
  return { since, days, totals, origins };
}
