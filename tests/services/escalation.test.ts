import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@db/client.server";
import { categories, jobs, notifications, threads } from "@db/schema";
import { getEscalationNotice, recomputeEscalationDeadlines } from "~/services/escalation.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import { updateSettings } from "~/services/settings.server";
import { WEBHOOK_EVENT_JOB } from "~/services/webhook-events.server";
import { ManualClock } from "~/utils/clock";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { answer, askThread, makeCategory, readThread } from "./escalation-fixtures";

const MINUTE = 60_000;

function jobsOf(deps: TestDeps, kind: string) {
  return deps.db.select().from(jobs).where(eq(jobs.kind, kind)).all();
}

describe("the escalation sweep", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("flags a thread exactly at its deadline and not a millisecond before", async () => {
    const asker = await makeUser(deps);
    const thread = askThread(deps, asker, makeCategory(deps));
    deps.clock.advance(60 * MINUTE - 1);
    expect(sweepEscalations(deps)).toEqual([]);
    expect(readThread(deps.db, thread.id).escalatedAt).toBeNull();
    deps.clock.advance(1);
    expect(sweepEscalations(deps)).toEqual([thread.id]);
    expect(readThread(deps.db, thread.id).escalatedAt).toEqual(deps.clock.now());
  });

  it("uses each category's own window, falling back to the site default", async () => {
    const asker = await makeUser(deps);
    updateSettings(deps, { defaultEscalationMinutes: 45 });
    const outage = askThread(deps, asker, makeCategory(deps, { escalateAfterMinutes: 15 }));
    const plain = askThread(deps, asker, makeCategory(deps));
    const ideas = askThread(deps, asker, makeCategory(deps, { escalateAfterMinutes: 24 * 60 }));
    deps.clock.advanceMinutes(15);
    expect(sweepEscalations(deps)).toEqual([outage.id]);
    deps.clock.advanceMinutes(30);
    expect(sweepEscalations(deps)).toEqual([plain.id]);
    deps.clock.advanceMinutes(24 * 60 - 45 - 1);
    expect(sweepEscalations(deps)).toEqual([]);
    deps.clock.advanceMinutes(1);
    expect(sweepEscalations(deps)).toEqual([ideas.id]);
  });

  it("never flags a thread in a category with escalation switched off", async () => {
    const asker = await makeUser(deps);
    const thread = askThread(deps, asker, makeCategory(deps, { escalationEnabled: false }));
    expect(thread.escalationDueAt).toBeNull();
    deps.clock.advanceMinutes(14 * 24 * 60);
    expect(sweepEscalations(deps)).toEqual([]);
  });

  it("a peer's response before the deadline prevents the flag", async () => {
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    const thread = askThread(deps, asker, makeCategory(deps));
    deps.clock.advanceMinutes(59);
    answer(deps, thread.id, peer);
    deps.clock.advanceMinutes(5);
    expect(sweepEscalations(deps)).toEqual([]);
    const stored = readThread(deps.db, thread.id);
    expect(stored.firstResponseAt).toEqual(new Date(thread.createdAt.getTime() + 59 * MINUTE));
    expect(stored.firstResponseByStaff).toBe(false);
  });

  it("the asker's own follow-up is not a response", async () => {
    const asker = await makeUser(deps);
    const thread = askThread(deps, asker, makeCategory(deps));
    deps.clock.advanceMinutes(10);
    answer(deps, thread.id, asker);
    deps.clock.advanceMinutes(50);
    expect(sweepEscalations(deps)).toEqual([thread.id]);
  });

  it("a response after the flag resolves it and tells webhooks", async () => {
    const asker = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const thread = askThread(deps, asker, makeCategory(deps));
    deps.clock.advanceMinutes(60);
    sweepEscalations(deps);
    deps.clock.advanceMinutes(7);
    answer(deps, thread.id, staff);
    const stored = readThread(deps.db, thread.id);
    expect(stored.escalationResolvedAt).toEqual(deps.clock.now());
    expect(stored.escalationResolvedBy).toBe(staff.id);
    expect(stored.escalationResolution).toBe("responded");
    expect(stored.firstResponseByStaff).toBe(true);
    const events = jobsOf(deps, WEBHOOK_EVENT_JOB).map((job) => (job.payload as { event: string }).event);
    expect(events).toEqual(["thread.escalated", "thread.escalation_resolved"]);
  });

  it("does not flag hidden or closed threads", async () => {
    const asker = await makeUser(deps);
    const category = makeCategory(deps);
    const hidden = askThread(deps, asker, category);
    const closed = askThread(deps, asker, category);
    deps.db.update(threads).set({ hidden: true }).where(eq(threads.id, hidden.id)).run();
    deps.db.update(threads).set({ status: "closed" }).where(eq(threads.id, closed.id)).run();
    deps.clock.advanceMinutes(120);
    expect(sweepEscalations(deps)).toEqual([]);
  });

  it("notifies every staff member in-app and by mail, and emits one webhook event, exactly once", async () => {
    const asker = await makeUser(deps);
    const team = [await makeUser(deps, { role: "staff" }), await makeUser(deps, { role: "moderator" }), await makeUser(deps, { role: "admin" })];
    await makeUser(deps); // a member, who is not told
    const thread = askThread(deps, asker, makeCategory(deps), "Roaming stopped working");
    deps.clock.advanceMinutes(60);
    sweepEscalations(deps);
    deps.clock.advanceMinutes(60);
    sweepEscalations(deps);

    const told = deps.db.select().from(notifications).where(eq(notifications.threadId, thread.id)).all();
    expect(told.map((n) => n.userId).sort()).toEqual(team.map((u) => u.id).sort());
    expect(told.every((n) => n.kind === "escalated")).toBe(true);
    const mails = jobsOf(deps, MAIL_JOB).map((job) => job.payload as { to: string; subject: string; text: string });
    expect(mails.map((m) => m.to).sort()).toEqual(team.map((u) => u.email).sort());
    expect(mails[0]!.subject).toBe("[Needs staff] Roaming stopped working");
    expect(mails[0]!.text).toContain(`/t/${thread.id}/roaming-stopped-working`);
    const events = jobsOf(deps, WEBHOOK_EVENT_JOB).map((job) => job.payload as { event: string; data: { threadId: number } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: "thread.escalated", data: { threadId: thread.id } });
  });

  it("a deadline that passed while the server was down flags on the first sweep after a restart", async () => {
    const asker = await makeUser(deps);
    const thread = askThread(deps, asker, makeCategory(deps));
    deps.db.$client.close();
    // The "restarted" process: a new connection to the same file and a clock three hours on.
    const db = openDatabase(deps.file);
    const clock = new ManualClock(new Date(thread.createdAt.getTime() + 3 * 60 * MINUTE));
    expect(sweepEscalations({ db, clock, env: deps.env })).toEqual([thread.id]);
    deps.db = db;
  });
});

describe("deadlines after settings change", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("recomputes the deadlines of threads still waiting, and only theirs", async () => {
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    const category = makeCategory(deps);
    const waiting = askThread(deps, asker, category);
    const answered = askThread(deps, asker, category);
    answer(deps, answered.id, peer);
    deps.db.update(categories).set({ escalateAfterMinutes: 15 }).where(eq(categories.id, category.id)).run();
    recomputeEscalationDeadlines(deps, [category.id]);
    expect(readThread(deps.db, waiting.id).escalationDueAt).toEqual(new Date(waiting.createdAt.getTime() + 15 * MINUTE));
    expect(readThread(deps.db, answered.id).escalationDueAt).toEqual(answered.escalationDueAt);

    deps.db.update(categories).set({ escalationEnabled: false }).where(eq(categories.id, category.id)).run();
    recomputeEscalationDeadlines(deps, [category.id]);
    expect(readThread(deps.db, waiting.id).escalationDueAt).toBeNull();
  });
});

describe("what the asker sees", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("tells only the asker when staff will step in, in the site's time zone, then that they were alerted", async () => {
    const asker = await makeUser(deps);
    const other = await makeUser(deps);
    updateSettings(deps, { timezone: "Europe/Berlin" });
    deps.clock.set("2026-01-05T12:32:00Z");
    const thread = askThread(deps, asker, makeCategory(deps));
    const settings = { timezone: "Europe/Berlin" };
    expect(getEscalationNotice(deps, thread, asker, settings)).toMatchObject({ state: "pending", label: "14:32 (CET)" });
    expect(getEscalationNotice(deps, thread, other, settings)).toBeNull();
    expect(getEscalationNotice(deps, thread, null, settings)).toBeNull();
    deps.clock.advanceMinutes(60);
    sweepEscalations(deps);
    expect(getEscalationNotice(deps, readThread(deps.db, thread.id), asker, settings)).toEqual({ state: "alerted" });
  });

  it("names the day when staff step in on a later day", async () => {
    const asker = await makeUser(deps);
    deps.clock.set("2026-01-09T17:30:00Z"); // a Friday evening
    const thread = askThread(deps, asker, makeCategory(deps, { escalationClock: "business" }));
    expect(getEscalationNotice(deps, thread, asker, { timezone: "UTC" })).toMatchObject({ label: "Monday 12 January at 10:00 (UTC)" });
  });

  it("says nothing once someone has responded", async () => {
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    const thread = askThread(deps, asker, makeCategory(deps));
    answer(deps, thread.id, peer);
    const stored = deps.db.select().from(threads).where(and(eq(threads.id, thread.id))).get()!;
    expect(getEscalationNotice(deps, stored, asker, { timezone: "UTC" })).toBeNull();
  });
});
