/**
 * How long ago something happened, in words a reader scans ("3 hours ago", "yesterday", "12 Mar"),
 * and the exact moment for the hover title. Pure: `now`, the locale and the time zone are given, so
 * the server (site clock and time zone) and the browser (its own) render the same way.
 */
export interface TimeView {
  /** Locale for dates ("en-GB" orders day before month); the words stay in the page's language. */
  locale: string;
  timeZone: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const QUARTER_HOUR = 15 * MINUTE;

/**
 * Building an Intl formatter costs far more than using one (it was a fifth of a signed-in page's CPU),
 * and using one costs more than remembering what it said: a page shows the same moments request after
 * request (its posts' dates, "now" once per time shown), and each took formatToParts for the day and
 * format for the year, the date and the exact text (13.5 µs per time shown, 1.4 with the answers kept; a
 * page shows dozens: issue 14). Each formatter and answer goes through `remembered` under every input
 * that shapes it; the server keeps them in a bounded map (app/utils/time-texts.server.ts), the browser
 * in the smallest code that does (its bundle has no bytes to spare).
 */
type Remember = <T>(make: () => T, ...key: unknown[]) => T;
// The browser's: a page's handful of formatters and times, for as long as it stays open.
const keptHere: Record<string, unknown> = {};
let remembered: Remember = (make, ...key) => (keptHere[key.join("\u0000")] ??= make()) as ReturnType<typeof make>;

/** Makes `remember` keep this module's formatters and answers (once, on the server). */
export function rememberTimeTextsWith(remember: Remember): void {
  remembered = remember;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return remembered(() => new Intl.DateTimeFormat(locale, options), "f", locale, JSON.stringify(options));
}

function relativeWords(locale: string): Intl.RelativeTimeFormat {
  return remembered(() => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }), "w", locale);
}

/** Days since 1970 of the calendar day `at` falls on in `timeZone`. */
function dayNumber(at: Date, timeZone: string): number {
  return remembered(
    () => {
      const parts = dateFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(at);
      const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      return Math.round(Date.UTC(part("year"), part("month") - 1, part("day")) / (24 * HOUR));
    },
    "d",
    timeZone,
    +at,
  );
}

function yearText(at: Date, timeZone: string): string {
  return remembered(() => dateFormat("en-US", { timeZone, year: "numeric" }).format(at), "y", timeZone, +at);
}

export function relativeTimeText(at: Date, now: Date, { locale, timeZone }: TimeView): string {
  const words = relativeWords(locale);
  const ago = +now - +at;
  // A little ahead (clocks disagree by seconds) still reads as now.
  if (ago < MINUTE) return "just now";
  if (ago < HOUR) return words.format(-Math.floor(ago / MINUTE), "minute");
  if (ago < 24 * HOUR) return words.format(-Math.floor(ago / HOUR), "hour");
  // `now` moves every millisecond, its day and year only at a midnight, which in every zone in use
  // falls on a UTC quarter hour: the quarter hour's start has the same day and year, and keeps one
  // remembered answer for fifteen minutes instead of a new one per call (they pushed the rest out).
  const today = new Date(+now - (+now % QUARTER_HOUR));
  const days = dayNumber(today, timeZone) - dayNumber(at, timeZone);
  if (days < 7) return words.format(-Math.max(days, 1), "day");
  const withYear = yearText(at, timeZone) !== yearText(today, timeZone);
  return remembered(
    () => dateFormat(locale, { timeZone, day: "numeric", month: "short", year: withYear ? "numeric" : undefined }).format(at),
    "t",
    locale,
    timeZone,
    +at,
    withYear,
  );
}

/** The exact moment with its zone, e.g. "Mon, 5 Jan 2026, 09:00 UTC". */
export function exactTimeText(at: Date, view: TimeView): string {
  return remembered(
    () =>
      dateFormat(view.locale, {
        timeZone: view.timeZone,
        weekday: "short",
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
      }).format(at),
    "e",
    view.locale,
    view.timeZone,
    +at,
  );
}

/**
 * The first moment after `now` at which relativeTimeText(at, …, view) may read differently: the next
 * whole minute or hour of age, then the next midnight in the site's zone (day counts, and dates,
 * which change wording only at a year's turn, are checked daily). A page that shows the text can be
 * served as it is until then (app/utils/page-cache.server.ts).
 */
export function relativeTimeChangesAt(at: Date, now: Date, view: Pick<TimeView, "timeZone">): Date {
  const ago = now.getTime() - at.getTime();
  if (ago < MINUTE) return new Date(at.getTime() + MINUTE);
  if (ago < HOUR) return new Date(at.getTime() + (Math.floor(ago / MINUTE) + 1) * MINUTE);
  if (ago < 24 * HOUR) return new Date(at.getTime() + (Math.floor(ago / HOUR) + 1) * HOUR);
  return nextMidnight(now, view.timeZone);
}

// The answer only changes with the minute: a page's dozens of older times (and every page kept in
// the same minute) share one search of a dozen formatToParts (issue 14: the page cache's expiry
// was a sixth of a posting worker's CPU).
let lastMidnight: { minute: number; timeZone: string; at: number } | null = null;

/** The first whole minute after `now` on a later calendar day in `timeZone` (zones differ from UTC by whole minutes). */
function nextMidnight(now: Date, timeZone: string): Date {
  const minute = Math.floor(now.getTime() / MINUTE);
  if (lastMidnight?.minute !== minute || lastMidnight.timeZone !== timeZone) {
    lastMidnight = { minute, timeZone, at: searchNextMidnight(minute, dayNumber(now, timeZone), timeZone) };
  }
  return new Date(lastMidnight.at);
}

function searchNextMidnight(minute: number, today: number, timeZone: string): number {
  let low = minute;
  let high = low + 27 * 60;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (dayNumber(new Date(middle * MINUTE), timeZone) > today) high = middle;
    else low = middle;
  }
  return high * MINUTE;
}
