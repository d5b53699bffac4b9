import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, threads, users } from "@db/schema";
import { getSettings } from "~/services/settings.server";
import { makeCategory } from "../qa-helpers";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import type { MailMessage } from "~/services/mail.server";
import { Browserish, pageText, robotCheck, signInAs, startTestApp, type TestApp } from "../setup/test-app";

const REMINDER = "Please confirm your email address";

describe("email verification over HTTP, without JavaScript", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const mailsTo = (email: string) =>
    app.deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage).filter((mail) => mail.to === email);
  const verifyPathIn = (mail: MailMessage) => {
    const match = new RegExp(`${app.url}(/auth/verify\\?token=[A-Za-z0-9_-]+)`).exec(mail.text);
    if (!match) throw new Error(`no absolute verification link in: ${mail.text}`);
    return match[1]!;
  };
  const join = async (handle: string) => {
    const browser = new Browserish(app.url);
    const response = await browser.post("/auth/sign-up", {
      ...robotCheck(app, "sign-up"),
      email: `${handle}@example.test`,
      displayName: `Person ${handle}`,
      handle,
      password: "a good long password",
    });
    expect(response.status).toBe(302);
    return browser;
  };

  it("mails a link at sign-up, reminds until it is followed, then confirms once", async () => {
    const browser = await join("vera");
    expect(pageText(await (await browser.request("/")).text())).toContain(REMINDER);
    const [mail, ...more] = mailsTo("vera@example.test");
    expect(more).toEqual([]);
    const link = verifyPathIn(mail!);

    const followed = await browser.request(link);
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toBe("/auth/verify?confirmed");
    // The page that thanks them no longer asks them to confirm.
    const confirmed = await browser.request(followed.headers.get("location")!);
    expect(confirmed.status).toBe(200);
    const thanks = pageText(await confirmed.text());
    expect(thanks).toContain("your email address is confirmed");
    expect(thanks).not.toContain(REMINDER);
    expect(app.deps.db.select().from(users).where(eq(users.handle, "vera")).get()!.emailVerifiedAt).toBeInstanceOf(Date);
    expect(pageText(await (await browser.request("/")).text())).not.toContain(REMINDER);

    const again = await browser.request(link);
    expect(again.status).toBe(410);
    expect(pageText(await again.text())).toContain("has expired, was already used, or is not valid");
  });

  it("sends the link again from the banner's button, a few times an hour", async () => {
    const browser = await join("wendy");
    const first = await browser.post("/auth/verify", {});
    expect(first.status).toBe(200);
    expect(pageText(await first.text())).toContain("We have mailed you a new link");
    expect(mailsTo("wendy@example.test")).toHaveLength(2);
    await browser.post("/auth/verify", {});
    const throttled = await browser.post("/auth/verify", {});
    expect(throttled.status).toBe(429);
    expect(pageText(await throttled.text())).toContain("Try again in");
    expect(mailsTo("wendy@example.test")).toHaveLength(3);
  });

  it("shows no reminder to accounts that count as verified, and asks a visitor to sign in before sending", async () => {
    const { browser } = await signInAs(app);
    expect(pageText(await (await browser.request("/")).text())).not.toContain(REMINDER);
    const visitor = await new Browserish(app.url).post("/auth/verify", {});
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toContain("/auth/sign-in");
  });

  it("refuses a foreign-origin resend", async () => {
    const browser = await join("xena");
    const response = await browser.post("/auth/verify", {}, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(mailsTo("xena@example.test")).toHaveLength(1);
  });

  it("an admin can require a confirmed address before posting; an unconfirmed member is then told why and nothing is posted", async () => {
    const category = makeCategory(app.deps.db);
    const { browser: admin } = await signInAs(app, "admin");
    const settingsPage = pageText(await (await admin.request("/admin/settings")).text());
    expect(settingsPage).toContain('name="requireVerifiedEmailToPost"');
    const saved = await admin.post("/admin/settings", { intent: "moderation", flagHideThreshold: "3", requireVerifiedEmailToPost: "on" });
    expect(saved.status).toBe(302);
    expect(getSettings(app.deps).requireVerifiedEmailToPost).toBe(true);
    try {
      const browser = await join("yuri");
      const question = { ...robotCheck(app, "ask"), category: category.slug, kind: "question", title: "Router blinks red", body: "Since this morning." };
      const refused = await browser.post("/ask", question);
      expect(refused.status).toBe(403);
      expect(pageText(await refused.text())).toContain("Please confirm your email address before posting");
      const yuri = app.deps.db.select().from(users).where(eq(users.handle, "yuri")).get()!;
      expect(app.deps.db.select().from(threads).where(eq(threads.authorId, yuri.id)).all()).toEqual([]);

      await browser.request(verifyPathIn(mailsTo("yuri@example.test")[0]!));
      expect((await browser.post("/ask", { ...question, ...robotCheck(app, "ask") })).status).toBe(302);
    } finally {
      await admin.post("/admin/settings", { intent: "moderation", flagHideThreshold: "3" });
      expect(getSettings(app.deps).requireVerifiedEmailToPost).toBe(false);
    }
  });
});
