import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs, notifications, threads } from "@db/schema";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import { setReminderPreference, sweepReminders } from "~/services/reminders.server";
import { getServiceLevels } from "~/services/service-levels.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { updateSettings } from "~/services/settings.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { answer, askThread, makeCategory } from "./escalation-fixtures";

const DAY = 24 * 60;

describe("the 'Did this solve it?' reminder", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("reminds the asker once, in-app and by mail, when answers wait three days without an accepted one", async () => {
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    const thread = askThread(deps, asker, makeCategory(deps), "Bill shows double charge");
    answer(deps, thread.id, peer);
    deps.clock.advanceMinutes(3 * DAY - 1);
    expect(sweepReminders(deps)).toEqual([]);
    deps.clock.advanceMinutes(1);
    expect(sweepReminders(deps)).toEqual([thread.id]);
    deps.clock.advanceMinutes(DAY);
    expect(sweepReminders(deps)).toEqual([]);

    const told = deps.db.select().from(notifications).where(eq(notifications.userId, asker.id)).all();
    expect(told.map((n) => [n.kind, n.threadId])).toEqual([["reminder", thread.id]]);
    const mail = deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((j) => j.payload as { to: string; text: string });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to).toBe(asker.email);
    expect(mail[0]!.text).toContain(`/t/${thread.id}/bill-shows-double-charge#answers`);
  });

  it("follows the configured number of days and skips questions without answers or with an accepted one", async () => {
    updateSettings(deps, { reminderDays: 1 });
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    const category = makeCategory(deps);
    askThread(deps, asker, category); // unanswered
    const accepted = askThread(deps, asker, category);
    const waiting = askThread(deps, asker, category);
    answer(deps, accepted.id, peer);
    answer(deps, waiting.id, peer);
    deps.db.update(threads).set({ acceptedPostId: 1, status: "solved" }).where(eq(threads.id, accepted.id)).run();
    deps.clock.advanceMinutes(DAY);
    expect(sweepReminders(deps)).toEqual([waiting.id]);
  });

  it("sends nothing to an asker who switched reminders off", async () => {
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    setReminderPreference(deps, asker.id, false);
    const thread = askThread(deps, asker, makeCategory(deps));
    answer(deps, thread.id, peer);
    deps.clock.advanceMinutes(4 * DAY);
    sweepReminders(deps);
    expect(deps.db.select().from(notifications).all()).toHaveLength(0);
    expect(deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all()).toHaveLength(0);
  });
});

describe("service-level figures", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("reports medians, the peer share and escalations over 7 and 30 days", async () => {
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const category = makeCategory(deps);
    // Twenty days ago: answered by a peer after 10 minutes (only in the 30-day figures).
    const old = askThread(deps, asker, category);
    deps.clock.advanceMinutes(10);
    answer(deps, old.id, peer);
    deps.clock.advanceMinutes(20 * DAY);
    // Recent: peers answer after 20 and 40 minutes; one escalates and staff answer 30 minutes after the flag.
    for (const minutes of [20, 40]) {
      const thread = askThread(deps, asker, category);
      deps.clock.advanceMinutes(minutes);
      answer(deps, thread.id, peer);
    }
    const escalated = askThread(deps, asker, category);
    deps.clock.advanceMinutes(60);
    sweepEscalations(deps);
    deps.clock.advanceMinutes(30);
    answer(deps, escalated.id, staff);

    const [week, month] = getServiceLevels(deps);
    expect(week).toMatchObject({ days: 7, asked: 3, escalated: 1, medianFirstResponseMs: 40 * 60_000, medianEscalationToStaffMs: 30 * 60_000 });
    expect(week!.peerAnsweredShare).toBeCloseTo(2 / 3);
    // 10, 20, 40, 90 minutes: the median is the mean of the middle two.
    expect(month).toMatchObject({ days: 30, asked: 4, escalated: 1, medianFirstResponseMs: 30 * 60_000 });
    expect(month!.peerAnsweredShare).toBeCloseTo(3 / 4);
  });

  it("reports no medians when nothing happened", () => {
    expect(getServiceLevels(deps)[0]).toMatchObject({ asked: 0, medianFirstResponseMs: null, peerAnsweredShare: null, escalated: 0, medianEscalationToStaffMs: null });
  });
});
