import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { exactTimeText, relativeTimeChangesAt, relativeTimeText } from "~/utils/relative-time";
import { TIME_TEXTS_LIMIT, keepTimeTexts } from "~/utils/time-texts.server";

const now = new Date("2026-03-12T15:00:00Z");
const utc = { locale: "en-GB", timeZone: "UTC" };
const ago = (ms: number) => new Date(now.getTime() - ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("relativeTimeText", () => {
  it("says just now for the last minute, and for a moment slightly ahead of the clock", () => {
    expect(relativeTimeText(ago(20_000), now, utc)).toBe("just now");
    expect(relativeTimeText(new Date(now.getTime() + 5_000), now, utc)).toBe("just now");
  });

  it("counts minutes, then hours", () => {
    expect(relativeTimeText(ago(MINUTE), now, utc)).toBe("1 minute ago");
    expect(relativeTimeText(ago(59 * MINUTE), now, utc)).toBe("59 minutes ago");
    expect(relativeTimeText(ago(3 * HOUR + 10 * MINUTE), now, utc)).toBe("3 hours ago");
    expect(relativeTimeText(ago(23 * HOUR), now, utc)).toBe("23 hours ago");
  });

  it("says yesterday for the previous calendar day in the reader's zone, then days", () => {
    expect(relativeTimeText(new Date("2026-03-11T08:00:00Z"), now, utc)).toBe("yesterday");
    expect(relativeTimeText(new Date("2026-03-09T08:00:00Z"), now, utc)).toBe("3 days ago");
    // 37 hours back is the previous calendar day in UTC but two days back in Los Angeles.
    const late = new Date("2026-03-11T02:00:00Z");
    expect(relativeTimeText(late, now, utc)).toBe("yesterday");
    expect(relativeTimeText(late, now, { locale: "en-US", timeZone: "America/Los_Angeles" })).toBe("2 days ago");
  });

  it("gives a date after a week, with the year only when it is not this year", () => {
    expect(relativeTimeText(new Date("2026-03-01T10:00:00Z"), now, utc)).toBe("1 Mar");
    expect(relativeTimeText(new Date("2026-03-01T10:00:00Z"), now, { locale: "en-US", timeZone: "UTC" })).toBe("Mar 1");
    expect(relativeTimeText(new Date("2025-11-20T10:00:00Z"), now, utc)).toBe("20 Nov 2025");
  });

  it("places the date in the reader's time zone", () => {
    // 23:30 UTC on 1 March is already 2 March in Berlin.
    expect(relativeTimeText(new Date("2026-03-01T23:30:00Z"), now, { locale: "en-GB", timeZone: "Europe/Berlin" })).toBe("2 Mar");
  });
});

describe("exactTimeText", () => {
  it("gives the full date and time with the zone", () => {
    expect(exactTimeText(new Date("2026-01-05T09:00:00Z"), utc)).toBe("Mon, 5 Jan 2026, 09:00 UTC");
    expect(exactTimeText(new Date("2026-01-05T09:00:00Z"), { locale: "en-GB", timeZone: "Europe/Berlin" })).toBe("Mon, 5 Jan 2026, 10:00 CET");
  });
});

describe("relativeTimeChangesAt", () => {
  const zones = ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"];

  // A cached page keeps the words it was rendered with until this moment (issue 14's page cache):
  // they must still be true just before it, and the moment must never lie in the past.
  it("keeps the words the same until the moment it names, which is always ahead", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -30_000, max: 400 * 24 * HOUR }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 365 * 24 * HOUR }),
        (age, timeZone, offset) => {
          const at = new Date(Date.UTC(2026, 0, 1) + offset);
          const rendered = new Date(at.getTime() + age);
          const view = { locale: "en-GB", timeZone };
          const changesAt = relativeTimeChangesAt(at, rendered, view);
          expect(changesAt.getTime()).toBeGreaterThan(rendered.getTime());
          const words = relativeTimeText(at, rendered, view);
          for (const later of [rendered.getTime() + 1, (rendered.getTime() + changesAt.getTime()) / 2, changesAt.getTime() - 1]) {
            expect(relativeTimeText(at, new Date(later), view)).toBe(words);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("names the next minute, hour or midnight in the site's zone", () => {
    expect(relativeTimeChangesAt(ago(20_000), now, utc)).toEqual(new Date(now.getTime() + 40_000));
    expect(relativeTimeChangesAt(ago(3 * MINUTE + 10_000), now, utc)).toEqual(new Date(now.getTime() + 50_000));
    expect(relativeTimeChangesAt(ago(3 * HOUR + 10 * MINUTE), now, utc)).toEqual(new Date(now.getTime() + 50 * MINUTE));
    expect(relativeTimeChangesAt(ago(3 * 24 * HOUR), now, utc)).toEqual(new Date("2026-03-13T00:00:00Z"));
    expect(relativeTimeChangesAt(ago(3 * 24 * HOUR), now, { timeZone: "Asia/Kolkata" })).toEqual(new Date("2026-03-12T18:30:00Z"));
  });

  // The next midnight is searched once per minute and zone: a later clock, in any zone, gets its own.
  it("names the midnight after each clock, however the calls interleave", () => {
    const kolkata = { timeZone: "Asia/Kolkata" };
    const old = new Date("2025-01-01T00:00:00Z");
    const cases = [
      { clock: now, view: utc, midnight: "2026-03-13T00:00:00Z" },
      { clock: new Date(now.getTime() + 30_000), view: utc, midnight: "2026-03-13T00:00:00Z" },
      { clock: new Date("2026-03-12T23:59:30Z"), view: utc, midnight: "2026-03-13T00:00:00Z" },
      { clock: new Date("2026-03-13T00:00:10Z"), view: utc, midnight: "2026-03-14T00:00:00Z" },
      { clock: new Date("2026-03-13T00:00:20Z"), view: kolkata, midnight: "2026-03-13T18:30:00Z" },
      { clock: new Date("2026-03-13T00:00:30Z"), view: utc, midnight: "2026-03-14T00:00:00Z" },
      { clock: now, view: kolkata, midnight: "2026-03-12T18:30:00Z" },
    ];
    for (const { clock, view, midnight } of [...cases, ...cases.reverse()]) {
      expect(relativeTimeChangesAt(old, clock, view)).toEqual(new Date(midnight));
    }
  });
});

describe("reused formatters", () => {
  // Formatters are kept per locale, zone and options: texts for one reader's settings must never take
  // another's locale, zone or year rule, however the calls interleave.
  it("formats each locale and zone as a fresh formatter would, in any order", () => {
    const views = [
      { locale: "en-GB", timeZone: "UTC" },
      { locale: "en-US", timeZone: "America/Los_Angeles" },
      { locale: "de-DE", timeZone: "Europe/Berlin" },
      { locale: "en-GB", timeZone: "Pacific/Chatham" },
    ];
    const fresh = (at: Date, view: { locale: string; timeZone: string }) =>
      new Intl.DateTimeFormat(view.locale, {
        timeZone: view.timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric",
        hour: "2-digit", minute: "2-digit", timeZoneName: "short",
      }).format(at);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: views.length - 1 }), fc.integer({ min: 0, max: 800 * 24 * HOUR })), { minLength: 1, maxLength: 12 }), (calls) => {
        for (const [which, back] of calls) {
          const view = views[which]!;
          const at = ago(back);
          expect(exactTimeText(at, view)).toBe(fresh(at, view));
        }
      }),
      { numRuns: 50 },
    );
    expect(relativeTimeText(new Date("2025-11-20T10:00:00Z"), now, views[2]!)).toBe("20. Nov. 2025");
    expect(relativeTimeText(new Date("2026-03-01T10:00:00Z"), now, views[2]!)).toBe("1. März");
    expect(relativeTimeText(new Date("2026-03-01T10:00:00Z"), now, views[1]!)).toBe("Mar 1");
    expect(relativeTimeText(new Date("2025-11-20T10:00:00Z"), now, views[1]!)).toBe("Nov 20, 2025");
    expect(relativeTimeText(ago(3 * HOUR), now, { locale: "de-DE", timeZone: "UTC" })).toBe("vor 3 Stunden");
    expect(relativeTimeText(ago(3 * HOUR), now, utc)).toBe("3 hours ago");
  });
});

describe("remembered moments", () => {
  // On the server each moment's day, year, date and exact text are kept once computed (a page shows the
  // same ones on every request): what is kept must be exactly what a module that keeps nothing computes,
  // for every zone and locale, in any order, also once the oldest have been forgotten.
  it("gives the texts a fresh process gives, in any order, past the bound", async () => {
    const views = [utc, { locale: "en-US", timeZone: "America/Los_Angeles" }, { locale: "de-DE", timeZone: "Pacific/Chatham" }];
    // Around midnights and the year's turn in each zone, where the day and the year differ between zones.
    const moments = [
      ago(2 * 24 * HOUR),
      ago(3 * 24 * HOUR + 30 * MINUTE),
      new Date("2026-03-11T07:59:00Z"),
      new Date("2026-03-11T08:01:00Z"),
      new Date("2025-12-31T23:30:00Z"),
      new Date("2026-01-01T00:30:00Z"),
      new Date("2025-12-31T10:00:00Z"),
      new Date("2025-11-20T10:00:00Z"),
    ];
    // The same date with its year from one clock (another year), without from another (the same year).
    const clocks = [now, new Date("2026-01-01T09:00:00Z"), new Date("2026-03-12T07:30:00Z"), new Date("2025-12-20T12:00:00Z")];
    const texts = (module: { relativeTimeText: typeof relativeTimeText; exactTimeText: typeof exactTimeText }, order: number[]) =>
      order.map((i) => {
        const view = views[i % views.length]!;
        const at = moments[Math.floor(i / views.length) % moments.length]!;
        const clock = clocks[Math.floor(i / (views.length * moments.length))]!;
        return [i, module.relativeTimeText(at, clock, view), module.exactTimeText(at, view)] as const;
      });
    const all = Array.from({ length: views.length * moments.length * clocks.length }, (_, i) => i);
    keepTimeTexts();
    const seen = texts({ relativeTimeText, exactTimeText }, all);
    // More moments than are kept: the first ones' texts are forgotten and computed again.
    for (let i = 0; i <= TIME_TEXTS_LIMIT; i++) exactTimeText(new Date(i * MINUTE), utc);
    const again = texts({ relativeTimeText, exactTimeText }, [...all].reverse()).reverse();
    // A module that keeps nothing: each text made afresh.
    vi.resetModules();
    const fresh = await import("~/utils/relative-time");
    fresh.rememberTimeTextsWith((make) => make());
    const expected = texts(fresh, [...all].reverse()).reverse();
    expect(seen).toEqual(expected);
    expect(again).toEqual(expected);
    // And the browser's, which keeps them its own way.
    vi.resetModules();
    const browser = await import("~/utils/relative-time");
    expect(texts(browser, all)).toEqual(expected);
    expect(texts(browser, [...all].reverse()).reverse()).toEqual(expected);
    expect(expected.some(([, text]) => text.includes("2025"))).toBe(true);
  });

  // `now` differs on every request; kept under each millisecond, its day and year filled the bound
  // within seconds on a busy server and pushed out every other moment's texts.
  it("keeps one day and one year of `now` per quarter hour, however many clocks ask", async () => {
    vi.resetModules();
    const counted = await import("~/utils/relative-time");
    const keys = new Set<string>();
    counted.rememberTimeTextsWith((make, ...key) => {
      keys.add(key.join("|"));
      return make();
    });
    const kinds = (kind: string) => [...keys].filter((key) => key.startsWith(`${kind}|`)).length;
    const weeksAgo = new Date("2026-02-20T10:00:00Z");
    const quarterStart = Date.parse("2026-03-12T07:30:00Z");
    for (let ms = 0; ms < 15 * MINUTE; ms += 997) {
      expect(counted.relativeTimeText(weeksAgo, new Date(quarterStart + ms), utc)).toBe("20 Feb");
    }
    // The moment's own day and year, and the quarter hour's.
    expect([kinds("d"), kinds("y")]).toEqual([2, 2]);
    counted.relativeTimeText(weeksAgo, new Date(quarterStart + 15 * MINUTE), utc);
    expect([kinds("d"), kinds("y")]).toEqual([3, 3]);
  });
});
