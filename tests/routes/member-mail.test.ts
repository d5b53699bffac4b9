import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@db/schema";
import { unsubscribeToken } from "~/services/unsubscribe.server";
import { Browserish, pageText, signInAs, startTestApp, type TestApp } from "../setup/test-app";

describe("email settings and unsubscribe links over HTTP, without JavaScript", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const settingsOf = (id: string) =>
    app.deps.db
      .select({ answer: users.emailOnAnswer, accepted: users.emailOnAccepted, staff: users.emailOnStaffAnswer, delivery: users.emailDelivery, reminders: users.emailReminders })
      .from(users)
      .where(eq(users.id, id))
      .get();

  it("shows the email section on /account, saves it from its own form, and keeps the reminders checkbox working", async () => {
    const { user, browser } = await signInAs(app);
    const page = pageText(await (await browser.request("/account")).text());
    expect(page).toContain("Email about answers");
    expect(page).toMatch(/<input type="checkbox" name="staff_answer" checked=""\/>/);
    expect(page).toMatch(/<input type="radio" name="delivery" checked="" value="instant"\/>/);

    const saved = await browser.post("/account/email-preferences", { accepted: "on", delivery: "daily" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/account?saved=email");
    expect(settingsOf(user.id)).toEqual({ answer: false, accepted: true, staff: false, delivery: "daily", reminders: true });
    const after = pageText(await (await browser.request("/account?saved=email")).text());
    expect(after).toContain("Email settings saved.");
    expect(after).toMatch(/<input type="checkbox" name="answer"\/>/);
    expect(after).toMatch(/<input type="radio" name="delivery" checked="" value="daily"\/>/);

    expect((await browser.post("/account", {})).status).toBe(302);
    expect(settingsOf(user.id)).toMatchObject({ reminders: false, accepted: true, delivery: "daily" });
  });

  it("refuses a delivery it does not know, with the message beside the field, and changes nothing", async () => {
    const { user, browser } = await signInAs(app);
    const refused = await browser.post("/account/email-preferences", { answer: "on", delivery: "hourly" });
    expect(refused.status).toBe(400);
    const page = pageText(await refused.text());
    expect(page).toMatch(/<p class="field__error" role="alert">Choose one email for each event or one daily digest<\/p>/);
    expect(settingsOf(user.id)).toMatchObject({ answer: true, accepted: true, staff: true, delivery: "instant" });
  });

  it("asks a guest to sign in, and refuses a post from another site", async () => {
    const guest = await new Browserish(app.url).post("/account/email-preferences", { delivery: "daily" });
    expect(guest.status).toBe(302);
    expect(guest.headers.get("location")).toMatch(/^\/auth\/sign-in/);
    const { user, browser } = await signInAs(app);
    const foreign = await browser.post("/account/email-preferences", { delivery: "daily" }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(settingsOf(user.id)).toMatchObject({ delivery: "instant" });
  });

  it("unsubscribes without signing in: the link's page asks, its button (a plain form) does it", async () => {
    const { user } = await signInAs(app);
    const link = `/email/unsubscribe?token=${encodeURIComponent(unsubscribeToken(app.deps.db, user.id, "answer"))}`;
    const visitor = new Browserish(app.url);
    const page = await visitor.request(link);
    expect(page.status).toBe(200);
    const html = pageText(await page.text());
    expect(html).toContain("Stop email when: someone answers my question?");
    expect(html).toContain(`<form method="post" action="${link}"`);
    expect(settingsOf(user.id)).toMatchObject({ answer: true });

    const done = await visitor.post(link, {});
    expect(done.status).toBe(200);
    expect(pageText(await done.text())).toContain("you will no longer get email when: someone answers my question");
    expect(settingsOf(user.id)).toMatchObject({ answer: false, accepted: true, staff: true });
  });

  it("takes a mail client's RFC 8058 one-click POST with no session and no Origin, and nothing else without an Origin", async () => {
    const { user } = await signInAs(app);
    const token = unsubscribeToken(app.deps.db, user.id, "all");
    const oneClick = (pathname: string) =>
      fetch(new URL(pathname, app.url), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
        redirect: "manual",
      });
    const tamperedToken = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    const tampered = await oneClick(`/email/unsubscribe?token=${encodeURIComponent(tamperedToken)}`);
    expect(tampered.status).toBe(403);
    expect(settingsOf(user.id)).toMatchObject({ answer: true, accepted: true, staff: true });
    expect((await oneClick("/account/email-preferences")).status).toBe(403);

    const response = await oneClick(`/email/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(response.status).toBe(200);
    expect(settingsOf(user.id)).toMatchObject({ answer: false, accepted: false, staff: false });
  });

  it("answers a changed or cut link with a clear 400 and changes nothing", async () => {
    const { user } = await signInAs(app);
    const token = unsubscribeToken(app.deps.db, user.id, "answer");
    const visitor = new Browserish(app.url);
    for (const bad of [`${token.slice(0, -1)}x`, token.slice(0, 40), `${user.id}.all.${token.split(".")[2]}`]) {
      const page = await visitor.request(`/email/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(page.status).toBe(400);
      expect(pageText(await page.text())).toContain("This unsubscribe link is not valid");
      const post = await visitor.post(`/email/unsubscribe?token=${encodeURIComponent(bad)}`, {});
      expect(post.status).toBe(400);
    }
    expect(settingsOf(user.id)).toMatchObject({ answer: true, accepted: true, staff: true });
  });
});
