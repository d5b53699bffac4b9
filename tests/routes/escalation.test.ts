import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categories, threads, webhooks } from "@db/schema";
import { getSettings } from "~/services/settings.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { addMeToo } from "~/services/votes.server";
import { Browserish, startTestApp, type TestApp } from "../setup/test-app";
import { makeUser, TEST_PASSWORD } from "../factories";
import { askThread, makeCategory, readThread } from "../services/escalation-fixtures";

async function signedIn(app: TestApp, role: "member" | "staff" | "admin") {
  const user = await makeUser(app.deps, { role });
  const browser = new Browserish(app.url);
  const response = await browser.post("/auth/sign-in", { email: user.email, password: TEST_PASSWORD });
  expect(response.status).toBe(302);
  return { user, browser };
}

/** The text of each row of the queue page, in page order (tags and React's text separators dropped). */
function queueRows(html: string): string[] {
  return [...html.matchAll(/<li class="queue-row">([\s\S]*?)<\/li>/g)].map((match) =>
    match[1]!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim(),
  );
}

const MINUTE = 60_000;

describe("staff and admin pages over HTTP", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("answers 403 to members on every staff and admin page, and sends guests to sign in", async () => {
    const { browser } = await signedIn(app, "member");
    for (const path of ["/staff/queue", "/admin/settings", "/admin/webhooks"]) {
      expect((await browser.request(path)).status, path).toBe(403);
    }
    expect((await browser.post("/staff/queue", { intent: "claim", threadId: "1" })).status).toBe(403);
    const { browser: staff } = await signedIn(app, "staff");
    expect((await staff.request("/admin/settings")).status).toBe(403);
    const guest = await new Browserish(app.url).request("/staff/queue");
    expect(guest.status).toBe(302);
    expect(guest.headers.get("location")).toContain("/auth/sign-in");
  });

  it("lists flagged threads, lets staff claim one, and refuses a second claimer with a clear message", async () => {
    const asker = await makeUser(app.deps);
    const thread = askThread(app.deps, asker, makeCategory(app.deps), "Cannot top up my prepaid card");
    app.deps.db.update(threads).set({ escalationDueAt: new Date(Date.now() - 1000) }).where(eq(threads.id, thread.id)).run();
    app.deps.clock.set(Date.now());
    sweepEscalations(app.deps);

    const first = await signedIn(app, "staff");
    const second = await signedIn(app, "staff");
    const page = await (await first.browser.request("/staff/queue")).text();
    expect(page).toContain("Cannot top up my prepaid card");
    expect(page).toContain("Service levels");

    const claim = await first.browser.post("/staff/queue?tab=flagged", { intent: "claim", threadId: String(thread.id) });
    expect(claim.status).toBe(302);
    expect(readThread(app.deps.db, thread.id).escalationClaimedBy).toBe(first.user.id);

    const conflict = await second.browser.post("/staff/queue", { intent: "claim", threadId: String(thread.id) });
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).toContain(`${first.user.displayName} has already claimed this thread.`);
    const release = await second.browser.post("/staff/queue", { intent: "release", threadId: String(thread.id) });
    expect(release.status).toBe(409);

    const noReason = await first.browser.post("/staff/queue", { intent: "resolve", threadId: String(thread.id), reason: "" });
    expect(noReason.status).toBe(400);
    const resolve = await first.browser.post("/staff/queue", { intent: "resolve", threadId: String(thread.id), reason: "Known outage, see status page" });
    expect(resolve.status).toBe(302);
    expect(readThread(app.deps.db, thread.id).escalationResolution).toBe("Known outage, see status page");
    expect(await (await first.browser.request("/staff/queue")).text()).not.toContain("Cannot top up my prepaid card");
    expect(await (await first.browser.request("/staff/queue?tab=resolved")).text()).toContain("Known outage, see status page");
  });

  it("lists the most overdue first with age, category and me-too count; claim and release by the same person; due soon on its own tab", async () => {
    const now = Date.now();
    app.deps.clock.set(now);
    const asker = await makeUser(app.deps);
    const billing = makeCategory(app.deps);
    const roaming = makeCategory(app.deps);
    // Asked first but less overdue, so the order is not just the order of asking.
    const lessOverdue = askThread(app.deps, asker, roaming, "Data stops at the border");
    const mostOverdue = askThread(app.deps, asker, billing, "Charged twice for one top-up");
    const dueSoon = askThread(app.deps, asker, billing, "Invoice address will not save");
    const setTimes = (id: number, askedAgo: number, dueIn: number) =>
      app.deps.db.update(threads).set({ createdAt: new Date(now - askedAgo), escalationDueAt: new Date(now + dueIn) }).where(eq(threads.id, id)).run();
    setTimes(lessOverdue.id, 70 * MINUTE, -10 * MINUTE);
    setTimes(mostOverdue.id, 190 * MINUTE, -130 * MINUTE);
    setTimes(dueSoon.id, 40 * MINUTE, 20 * MINUTE);
    const [kim, lee] = [await makeUser(app.deps), await makeUser(app.deps)];
    addMeToo(app.deps, kim, mostOverdue.id);
    addMeToo(app.deps, lee, mostOverdue.id);
    addMeToo(app.deps, kim, lessOverdue.id);
    sweepEscalations(app.deps);
    const staffA = await signedIn(app, "staff");
    const staffB = await signedIn(app, "staff");

    const flagged = queueRows(await (await staffA.browser.request("/staff/queue")).text());
    const mine = flagged.filter((row) => row.includes("Charged twice") || row.includes("Data stops"));
    expect(mine).toEqual([
      expect.stringContaining("Charged twice for one top-up"),
      expect.stringContaining("Data stops at the border"),
    ]);
    expect(mine[0]).toContain(`${billing.name} · asked 3 h 10 min ago · overdue by 2 h 10 min · 2 “me too” · 0 replies`);
    expect(mine[1]).toContain(`${roaming.name} · asked 1 h 10 min ago · overdue by 10 min · 1 “me too” · 0 replies`);
    expect(mine[0]).toContain("Not claimed");
    expect(flagged.some((row) => row.includes("Invoice address will not save"))).toBe(false);

    const claim = await staffA.browser.post("/staff/queue", { intent: "claim", threadId: String(mostOverdue.id) });
    expect(claim.status).toBe(302);
    expect(readThread(app.deps.db, mostOverdue.id).escalationClaimedBy).toBe(staffA.user.id);
    const rowFor = async (browser: Browserish) =>
      queueRows(await (await browser.request("/staff/queue")).text()).find((row) => row.includes("Charged twice"))!;
    expect(await rowFor(staffA.browser)).toMatch(/Claimed by you\s+Release/);
    expect(await rowFor(staffB.browser)).toContain(`Claimed by ${staffA.user.displayName}`);

    const release = await staffA.browser.post("/staff/queue", { intent: "release", threadId: String(mostOverdue.id) });
    expect(release.status).toBe(302);
    expect(readThread(app.deps.db, mostOverdue.id)).toMatchObject({ escalationClaimedBy: null, escalationClaimedAt: null });
    expect(await rowFor(staffB.browser)).toContain("Not claimed");

    const due = queueRows(await (await staffA.browser.request("/staff/queue?tab=due")).text());
    const soon = due.find((row) => row.includes("Invoice address will not save"));
    expect(soon).toContain(`${billing.name} · asked 40 min ago · due in 20 min`);
    expect(due.some((row) => row.includes("Charged twice"))).toBe(false);
  });

  it("rejects a webhook URL that is not http(s) or has an invalid host, next to the field", async () => {
    const { browser } = await signedIn(app, "admin");
    for (const url of ["ftp://example.com/hook", "javascript:alert(1)", "https://exa_mple..com/x", "http://nodots/"]) {
      const response = await browser.post("/admin/webhooks", { intent: "add", url, secret: "", events: "thread.escalated" });
      expect(response.status, url).toBe(400);
      const html = await response.text();
      expect(html).toMatch(/field-url-error/);
      expect(html).toContain(`value="${url}"`.replace("&", "&amp;"));
    }
    expect(app.deps.db.select().from(webhooks).all()).toHaveLength(0);
    const ok = await browser.post("/admin/webhooks", { intent: "add", url: "https://hooks.example.com/peerdesk", secret: "", events: "thread.escalated" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("shown only now");
    expect(app.deps.db.select().from(webhooks).all()).toHaveLength(1);
  });

  it("lets admins change a category's window, which moves the deadlines of its waiting threads", async () => {
    const { browser } = await signedIn(app, "admin");
    const asker = await makeUser(app.deps);
    const category = makeCategory(app.deps);
    const thread = askThread(app.deps, asker, category);
    const response = await browser.post("/admin/settings", { intent: "category", categoryId: String(category.id), minutes: "15", enabled: "on", clock: "calendar" });
    expect(response.status).toBe(302);
    expect(app.deps.db.select().from(categories).where(eq(categories.id, category.id)).get()!.escalateAfterMinutes).toBe(15);
    expect(readThread(app.deps.db, thread.id).escalationDueAt).toEqual(new Date(thread.createdAt.getTime() + 15 * 60_000));

    const bad = await browser.post("/admin/settings", { intent: "escalation", defaultEscalationMinutes: "60", timezone: "Mars/Olympus", reminderDays: "3" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Use a time zone like Europe/Berlin");
    const hours = await browser.post("/admin/settings", { intent: "hours", open_1: "09:00", close_1: "08:00", holidays: "" });
    expect(hours.status).toBe(400);
    expect(await hours.text()).toContain("Closing must come after opening");
    const saved = await browser.post("/admin/settings", { intent: "hours", open_1: "08:00", close_1: "18:00", open_6: "10:00", close_6: "14:00", holidays: "2026-12-25\n2026-12-24" });
    expect(saved.status).toBe(302);
    expect(getSettings(app.deps)).toMatchObject({
      businessHours: [{ day: 1, open: "08:00", close: "18:00" }, { day: 6, open: "10:00", close: "14:00" }],
      holidays: ["2026-12-24", "2026-12-25"],
    });
  });

  it("lets anyone signed in switch off the solved-it reminders", async () => {
    const { user, browser } = await signedIn(app, "member");
    expect(await (await browser.request("/account")).text()).toContain("checked");
    expect((await browser.post("/account", {})).status).toBe(302);
    expect(app.deps.db.query.users.findFirst({ where: (u, { eq: is }) => is(u.id, user.id) }).sync()?.emailReminders).toBe(false);
  });
});
