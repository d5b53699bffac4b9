import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addBusinessMinutes, type BusinessCalendar } from "~/services/business-hours.server";
import { escalationDueAt } from "~/services/escalation.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { updateSettings } from "~/services/settings.server";
import { SiteSettingsSchema } from "~/schemas/settings.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { askThread, makeCategory } from "./escalation-fixtures";

const weekdays = (open: string, close: string) => [1, 2, 3, 4, 5].map((day) => ({ day, open, close }));
const BERLIN: BusinessCalendar = { timezone: "Europe/Berlin", hours: weekdays("09:00", "17:00"), holidays: [] };

describe("business-hours deadlines", () => {
  it("a thread asked on Friday evening with a 60-minute window is due one opening hour into Monday", () => {
    const friday = new Date("2026-01-09T19:30:00+01:00");
    expect(addBusinessMinutes(friday, 60, BERLIN)).toEqual(new Date("2026-01-12T10:00:00+01:00"));
  });

  it("counts what is left of the day, then carries the rest over the night", () => {
    const tuesday = new Date("2026-01-13T16:30:00+01:00");
    expect(addBusinessMinutes(tuesday, 60, BERLIN)).toEqual(new Date("2026-01-14T09:30:00+01:00"));
  });

  it("a thread asked before opening waits for the opening", () => {
    expect(addBusinessMinutes(new Date("2026-01-13T06:00:00+01:00"), 15, BERLIN)).toEqual(new Date("2026-01-13T09:15:00+01:00"));
  });

  it("keeps opening hours in local time across the spring DST change", () => {
    // Clocks go forward in Berlin on Sunday 29 March 2026: Monday opens at 09:00 CEST, 07:00 UTC.
    const friday = new Date("2026-03-27T16:30:00+01:00");
    expect(addBusinessMinutes(friday, 60, BERLIN)).toEqual(new Date("2026-03-30T07:30:00Z"));
  });

  it("keeps opening hours in local time across the autumn DST change", () => {
    // New York falls back on Sunday 1 November 2026: Monday opens at 09:00 EST, 14:00 UTC.
    const calendar = { timezone: "America/New_York", hours: weekdays("09:00", "17:00"), holidays: [] };
    const friday = new Date("2026-10-30T20:00:00Z"); // 16:00 EDT
    expect(addBusinessMinutes(friday, 120, calendar)).toEqual(new Date("2026-11-02T15:00:00Z"));
  });

  it("counts real elapsed time through the hour that a DST change removes", () => {
    const always = { timezone: "Europe/Berlin", hours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, open: "00:00", close: "24:00" })), holidays: [] };
    // 01:30 CET on 29 March; an hour later the wall clock reads 03:30 CEST.
    expect(addBusinessMinutes(new Date("2026-03-29T00:30:00Z"), 60, always)).toEqual(new Date("2026-03-29T01:30:00Z"));
  });

  it("skips holidays", () => {
    const calendar = { ...BERLIN, holidays: ["2026-12-24", "2026-12-25"] };
    const wednesday = new Date("2026-12-23T16:45:00+01:00");
    // 15 minutes on Wednesday, Thursday and Friday are holidays, the weekend is closed.
    expect(addBusinessMinutes(wednesday, 60, calendar)).toEqual(new Date("2026-12-28T09:45:00+01:00"));
  });

  it("uses every opening interval of a day, such as a lunch break", () => {
    const calendar = { timezone: "UTC", hours: [{ day: 2, open: "09:00", close: "12:00" }, { day: 2, open: "13:00", close: "17:00" }], holidays: [] };
    expect(addBusinessMinutes(new Date("2026-01-13T11:30:00Z"), 60, calendar)).toEqual(new Date("2026-01-13T13:30:00Z"));
  });

  it("falls back to calendar time when the site never opens", () => {
    const settings = SiteSettingsSchema.parse({ businessHours: [] });
    const category = { escalationEnabled: true, escalateAfterMinutes: 60, escalationClock: "business" as const };
    const asked = new Date("2026-01-10T12:00:00Z");
    expect(escalationDueAt(category, settings, asked)).toEqual(new Date("2026-01-10T13:00:00Z"));
  });
});

describe("the sweep on the business-hours clock", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("flags a Friday-evening thread one opening hour into Monday, not over the weekend", async () => {
    updateSettings(deps, { timezone: "Europe/Berlin", businessHours: weekdays("09:00", "17:00") });
    const asker = await makeUser(deps);
    const business = makeCategory(deps, { escalationClock: "business" });
    const calendar = makeCategory(deps);
    deps.clock.set("2026-01-09T19:30:00+01:00");
    const waitsForMonday = askThread(deps, asker, business);
    const flaggedSaturday = askThread(deps, asker, calendar);

    deps.clock.set("2026-01-09T20:30:00+01:00");
    expect(sweepEscalations(deps)).toEqual([flaggedSaturday.id]);
    deps.clock.set(new Date(new Date("2026-01-12T10:00:00+01:00").getTime() - 1));
    expect(sweepEscalations(deps)).toEqual([]);
    deps.clock.advance(1);
    expect(sweepEscalations(deps)).toEqual([waitsForMonday.id]);
  });
});
