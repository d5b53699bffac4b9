import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, sessions, users } from "@db/schema";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import type { MailMessage } from "~/services/mail.server";
import { verifyPassword } from "~/utils/passwords.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import { Browserish, pageText, signInAs, startTestApp, type TestApp } from "../setup/test-app";

// React escapes the apostrophe of "we've".
const SAME_ANSWER = "If an account exists for that address, we&#x27;ve sent a link";
const withoutNonces = (html: string) => pageText(html).replaceAll(/nonce="[^"]*"/g, "");

describe("forgot password over HTTP, without JavaScript", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const mailsTo = (email: string) =>
    app.deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage).filter((mail) => mail.to === email);
  const resetPathIn = (mail: MailMessage) => {
    const match = new RegExp(`${app.url}(/auth/reset-password\\?token=[A-Za-z0-9_-]+)`).exec(mail.text);
    if (!match) throw new Error(`no absolute reset link in: ${mail.text}`);
    return match[1]!;
  };

  it("links to the form from the sign-in page", async () => {
    const html = await (await new Browserish(app.url).request("/auth/sign-in")).text();
    expect(html).toContain('href="/auth/forgot-password"');
    expect(html).toContain("Forgot your password?");
  });

  it("answers a known and an unknown address with the same page", async () => {
    const user = await makeUser(app.deps);
    const browser = new Browserish(app.url);
    const known = await browser.post("/auth/forgot-password", { email: user.email });
    const unknown = await browser.post("/auth/forgot-password", { email: "stranger@example.test" });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const knownHtml = withoutNonces(await known.text());
    expect(knownHtml).toContain(SAME_ANSWER);
    expect(withoutNonces(await unknown.text())).toBe(knownHtml);
    expect(mailsTo(user.email)).toHaveLength(1);
    expect(mailsTo("stranger@example.test")).toEqual([]);
  });

  it("shows a malformed address next to the field", async () => {
    const response = await new Browserish(app.url).post("/auth/forgot-password", { email: "nope" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter a valid email address");
    expect(html).toContain('value="nope"');
    expect(html).not.toContain(SAME_ANSWER);
  });

  it("refuses a foreign-origin request", async () => {
    const user = await makeUser(app.deps);
    const response = await new Browserish(app.url).post("/auth/forgot-password", { email: user.email }, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(mailsTo(user.email)).toEqual([]);
  });

  it("follows the mailed link, sets the password, signs in here and out everywhere else; the link then explains it is used", async () => {
    const { user, browser: elsewhere } = await signInAs(app);
    expect(pageText(await (await elsewhere.request("/")).text())).toContain(user.displayName);
    const visitor = new Browserish(app.url);
    await visitor.post("/auth/forgot-password", { email: user.email });
    const link = resetPathIn(mailsTo(user.email)[0]!);
    const token = new URL(link, app.url).searchParams.get("token")!;

    const page = await visitor.request(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="password"');

    const tooShort = await visitor.post("/auth/reset-password", { token, password: "short" });
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain("Use at least 10 characters");

    const done = await visitor.post("/auth/reset-password", { token, password: "a fresh long password" });
    expect(done.status).toBe(302);
    expect(pageText(await (await visitor.request("/")).text())).toContain(user.displayName);
    expect(pageText(await (await elsewhere.request("/")).text())).not.toContain(user.displayName);
    expect(app.deps.db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(1);
    const stored = app.deps.db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect(await verifyPassword(stored.passwordHash, "a fresh long password")).toBe(true);

    const reopened = await new Browserish(app.url).request(link);
    expect(reopened.status).toBe(410);
    const reopenedHtml = await reopened.text();
    expect(reopenedHtml).toContain("has expired, was already used, or is not valid");
    expect(reopenedHtml).not.toContain('name="password"');
    const reused = await new Browserish(app.url).post("/auth/reset-password", { token, password: "someone elses password" });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("has expired, was already used, or is not valid");
    expect(app.deps.db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash).toBe(stored.passwordHash);
  });

  it("an expired link changes nothing", async () => {
    const user = await makeUser(app.deps);
    await new Browserish(app.url).post("/auth/forgot-password", { email: user.email });
    const link = resetPathIn(mailsTo(user.email)[0]!);
    const token = new URL(link, app.url).searchParams.get("token")!;
    app.deps.clock.advanceMinutes(61);
    expect((await new Browserish(app.url).request(link)).status).toBe(410);
    const response = await new Browserish(app.url).post("/auth/reset-password", { token, password: "a fresh long password" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("has expired, was already used, or is not valid");
    const stored = app.deps.db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect(await verifyPassword(stored.passwordHash, TEST_PASSWORD)).toBe(true);
  });
});
