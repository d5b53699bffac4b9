import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { User } from "@db/schema";
import { saveSiteSettings } from "~/services/escalation-settings.server";
import { Forbidden } from "~/services/errors";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { answer, askThread, makeCategory, readThread } from "./escalation-fixtures";

const weekdays = (open: string, close: string) => [1, 2, 3, 4, 5].map((day) => ({ day, open, close }));
const dueAt = (deps: TestDeps, id: number) => readThread(deps.db, id).escalationDueAt;

// Site defaults: UTC, Monday to Friday 09:00–17:00, no holidays, a 60-minute window.
describe("site-wide escalation settings move the deadlines of threads still waiting", () => {
  let deps: TestDeps;
  let admin: User;
  let threads: { flagged: number; answered: number; waiting: number; calendar: number; ownWindow: number };

  beforeEach(async () => {
    deps = createTestDeps();
    admin = await makeUser(deps, { role: "admin" });
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    const business = makeCategory(deps, { escalationClock: "business" });
    deps.clock.set("2026-01-08T16:30:00Z"); // a Thursday, half an hour before closing
    const flagged = askThread(deps, asker, business);
    deps.clock.set("2026-01-09T09:30:00Z");
    expect(sweepEscalations(deps)).toEqual([flagged.id]);
    deps.clock.set("2026-01-09T16:30:00Z"); // Friday, half an hour before closing
    const answered = askThread(deps, asker, business);
    const waiting = askThread(deps, asker, business);
    const calendar = askThread(deps, asker, makeCategory(deps));
    const ownWindow = askThread(deps, asker, makeCategory(deps, { escalateAfterMinutes: 30 }));
    deps.clock.set("2026-01-09T16:40:00Z");
    answer(deps, answered.id, peer);
    deps.clock.set("2026-01-09T16:50:00Z"); // the admin saves later than the threads were asked
    threads = { flagged: flagged.id, answered: answered.id, waiting: waiting.id, calendar: calendar.id, ownWindow: ownWindow.id };
    expect(dueAt(deps, waiting.id)).toEqual(new Date("2026-01-12T09:30:00Z"));
  });
  afterEach(() => deps.db.$client.close());

  /** A flagged or answered thread keeps the deadline it had, though the new rules would move it too. */
  function expectFlaggedAndAnsweredUntouched() {
    expect(dueAt(deps, threads.flagged)).toEqual(new Date("2026-01-09T09:30:00Z"));
    expect(dueAt(deps, threads.answered)).toEqual(new Date("2026-01-12T09:30:00Z"));
  }

  it("only admins change them, and a refused change moves no deadline", async () => {
    const staff = await makeUser(deps, { role: "staff" });
    expect(() => saveSiteSettings(deps, staff, { defaultEscalationMinutes: 5 })).toThrow(Forbidden);
    expect(dueAt(deps, threads.waiting)).toEqual(new Date("2026-01-12T09:30:00Z"));
    expect(dueAt(deps, threads.calendar)).toEqual(new Date("2026-01-09T17:30:00Z"));
  });

  it("a longer default window counts from when each waiting thread was asked, on either clock", () => {
    saveSiteSettings(deps, admin, { defaultEscalationMinutes: 120 });
    // Business: 30 minutes on Friday, 90 on Monday. Calendar: asked at 16:30, not saved at 16:50.
    expect(dueAt(deps, threads.waiting)).toEqual(new Date("2026-01-12T10:30:00Z"));
    expect(dueAt(deps, threads.calendar)).toEqual(new Date("2026-01-09T18:30:00Z"));
    expect(dueAt(deps, threads.ownWindow)).toEqual(new Date("2026-01-09T17:00:00Z"));
    expectFlaggedAndAnsweredUntouched();
  });

  it("a new time zone counts the opening hours in that zone's wall-clock time", () => {
    saveSiteSettings(deps, admin, { timezone: "Europe/Berlin" });
    // 16:30 UTC is 17:30 in Berlin, after closing: the hour runs from 09:00 CET on Monday.
    expect(dueAt(deps, threads.waiting)).toEqual(new Date("2026-01-12T09:00:00Z"));
    expect(dueAt(deps, threads.calendar)).toEqual(new Date("2026-01-09T17:30:00Z"));
    expectFlaggedAndAnsweredUntouched();
  });

  it("new weekly opening hours apply to threads already waiting", () => {
    saveSiteSettings(deps, admin, { businessHours: weekdays("08:00", "20:00") });
    expect(dueAt(deps, threads.waiting)).toEqual(new Date("2026-01-09T17:30:00Z"));
    expect(dueAt(deps, threads.calendar)).toEqual(new Date("2026-01-09T17:30:00Z"));
    expectFlaggedAndAnsweredUntouched();
  });

  it("a new holiday is skipped by threads already waiting, even when it is the day they were asked", () => {
    saveSiteSettings(deps, admin, { holidays: ["2026-01-09"] });
    expect(dueAt(deps, threads.waiting)).toEqual(new Date("2026-01-12T10:00:00Z"));
    expect(dueAt(deps, threads.calendar)).toEqual(new Date("2026-01-09T17:30:00Z"));
    expectFlaggedAndAnsweredUntouched();
  });

  it("a waiting thread whose new deadline has passed is flagged by the next sweep", () => {
    saveSiteSettings(deps, admin, { defaultEscalationMinutes: 15 });
    expect(dueAt(deps, threads.calendar)).toEqual(new Date("2026-01-09T16:45:00Z"));
    expect(dueAt(deps, threads.waiting)).toEqual(new Date("2026-01-09T16:45:00Z"));
    expect(sweepEscalations(deps).sort((a, b) => a - b)).toEqual([threads.waiting, threads.calendar].sort((a, b) => a - b));
  });
});
