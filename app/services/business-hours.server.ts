import { DateTime } from "luxon";
import type { OpeningHours } from "~/schemas/settings.server";

export interface BusinessCalendar {
  timezone: string;
  hours: OpeningHours[];
  /** YYYY-MM-DD in the calendar's time zone. */
  holidays: string[];
}

// Two years of days without a single opening hour means the calendar is effectively empty.
const MAX_DAYS_SCANNED = 2 * 366;

function atLocalTime(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(":").map(Number) as [number, number];
  // "24:00" is the end of the day: the next day's midnight in local time, whatever DST does.
  if (hour === 24) return day.plus({ days: 1 }).startOf("day");
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * The instant when `minutes` of opening time have passed after `start`, counting only the
 * weekly opening hours outside holidays, in wall-clock time of the calendar's zone (so a DST
 * change moves the UTC instant, not the opening time). Null when the calendar never opens.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date | null {
  const holidays = new Set(calendar.holidays);
  let remainingMs = minutes * 60_000;
  const startMs = start.getTime();
  let day = DateTime.fromJSDate(start, { zone: calendar.timezone }).startOf("day");
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++, day = day.plus({ days: 1 }).startOf("day")) {
    if (holidays.has(day.toISODate() ?? "")) continue;
    const intervals = calendar.hours
      .filter((hours) => hours.day === day.weekday)
      .sort((a, b) => a.open.localeCompare(b.open));
    for (const interval of intervals) {
      const opens = Math.max(atLocalTime(day, interval.open).toMillis(), startMs);
      const closes = atLocalTime(day, interval.close).toMillis();
      if (opens >= closes) continue;
      if (remainingMs <= closes - opens) return new Date(opens + remainingMs);
      remainingMs -= closes - opens;
    }
  }
  return null;
}
