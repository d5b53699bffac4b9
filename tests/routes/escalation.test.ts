import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categories, threads, webhooks } from "@db/schema";
import { getSettings } from "~/services/settings.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
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
