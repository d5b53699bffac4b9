// Issue 13's launch day, end to end: on an empty install (no demo) an admin sets up the community,
// a visitor joins, confirms their address and asks, another member answers, and the visitor is told
// by email (a real SMTP server, the server's own job loop sending it) and follows the mail's link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { openDatabase } from "@db/client.server";
import { systemClock } from "~/utils/clock";
import { makeUser, TEST_PASSWORD } from "../factories";
import { partOf, readMime } from "../setup/mime";
import { startSmtp } from "../setup/smtp-server";
import { expectAccessible, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

const LOGO_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

describe("launch day on an empty install", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: RunningServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({ SEED: "off", JOBS: "on", SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: "Acme Help <help@acme.test>" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  /** The decoded text part of the first mail to `to` whose subject matches, once the server has sent it. */
  async function mailTo(to: string, subject: RegExp): Promise<string> {
    const find = () => smtp.messages.map((message) => ({ to: message.to, mail: readMime(message.raw) })).find(({ to: rcpt, mail }) => rcpt.includes(to) && subject.test(mail.headers.get("subject") ?? ""));
    await expect.poll(() => find() !== undefined, { timeout: 60_000 }).toBe(true);
    return partOf(find()!.mail, "text/plain");
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.context().clearCookies();
    await page.goto(`${server.url}/auth/sign-in`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.locator("main").getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);
  }

  it("admin sets up, a visitor signs up, confirms, asks, is mailed the answer, follows the link to it and unsubscribes from the mail", async () => {
    // The first admin, as `npm run user:create -- --role admin …` makes it; the answering member too.
    const db = openDatabase(server.databasePath);
    const admin = await makeUser({ db, clock: systemClock }, { role: "admin", handle: "launch_admin" });
    const helper = await makeUser({ db, clock: systemClock }, { handle: "launch_helper" });
    db.$client.close();
    const page = await browser.newPage();
    const errors = watchErrors(page);

    // The admin creates a category and names the site, with a logo.
    await signIn(page, admin.email, TEST_PASSWORD);
    await page.goto(`${server.url}/admin/categories`);
    const create = page.getByRole("form", { name: "New category" });
    await create.getByLabel("Name").fill("Billing");
    await create.getByLabel("Description").fill("Invoices, payments and refunds");
    await create.getByRole("button", { name: "Create category" }).click();
    await expect.poll(() => page.getByRole("status").getByText("Category created.").count()).toBe(1);
    await page.goto(`${server.url}/admin/identity`);
    await page.getByLabel("Site name").fill("Acme Help");
    await page.getByLabel("Logo", { exact: true }).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: LOGO_PNG });
    await page.getByRole("button", { name: "Save site identity" }).click();
    await expect.poll(() => page.title()).toBe("Site identity — Admin — Acme Help");
    await page.context().clearCookies();

    // A visitor signs up and confirms their address from the mail the server sent.
    await page.goto(`${server.url}/auth/sign-up`);
    expect(await page.locator("header img.site-header__logo").getAttribute("alt")).toBe("Acme Help");
    await page.getByLabel("Email").fill("vera@example.com");
    await page.getByLabel("Display name").fill("Vera");
    await page.getByLabel("Handle").fill("vera");
    await page.getByLabel("Password").fill("a much better password");
    await page.getByRole("button", { name: /create account/i }).click();
    await expect.poll(() => page.getByRole("button", { name: /sign out/i }).count()).toBe(1);
    const verifyLink = /(http:\/\/localhost:\d+\/auth\/verify\?token=[A-Za-z0-9_-]+)/.exec(await mailTo("vera@example.com", /^Confirm your email address for Acme Help$/))?.[1];
    expect(verifyLink?.startsWith(server.url)).toBe(true);
    await page.goto(verifyLink!);
    await expect.poll(() => page.getByText("your email address is confirmed").count()).toBe(1);

    // She asks.
    await page.goto(`${server.url}/ask`);
    await page.getByLabel("Category").selectOption({ label: "Billing" });
    await page.getByRole("radio", { name: /Question/ }).check();
    await page.getByLabel("Title").fill("Why was I charged twice?");
    await page.getByLabel("Details").fill("Two charges of £12 on my card this month.");
    await page.getByRole("button", { name: /post to the community/i }).click();
    await page.waitForURL(/\/t\/\d+\/why-was-i-charged-twice/);

    // Another member answers.
    await signIn(page, helper.email, TEST_PASSWORD);
    await page.goto(`${server.url}/`);
    await page.locator("main").getByRole("link", { name: "Why was I charged twice?" }).click();
    await page.waitForURL(/\/t\/\d+\/why-was-i-charged-twice/);
    await page.getByLabel("Your answer").fill("The second one is a pre-authorisation; it drops off in three days.");
    await page.getByRole("button", { name: /post your answer/i }).click();
    await expect.poll(() => page.locator("article.post", { hasText: "pre-authorisation" }).count()).toBe(1);
    await page.context().clearCookies();

    // The visitor gets the mail and follows its link to the answer.
    const answerMail = await mailTo("vera@example.com", /^New answer: Why was I charged twice\?$/);
    const answerLink = /(http:\/\/localhost:\d+\/t\/\d+\/why-was-i-charged-twice[^\s#]*#post-\d+)/.exec(answerMail)?.[1];
    expect(answerLink?.startsWith(server.url)).toBe(true);
    await page.goto(answerLink!);
    const postId = answerLink!.split("#")[1]!;
    await expect.poll(() => page.locator(`#${postId}`).textContent()).toContain("pre-authorisation");
    expect(await page.title()).toMatch(/Why was I charged twice\? — Acme Help$/);

    // The mail's "Stop emails like this" link works without signing in.
    const stopLink = /Stop emails like this: (http:\/\/localhost:\d+\/email\/unsubscribe\?token=\S+)/.exec(answerMail)?.[1];
    await page.goto(stopLink!);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("you will no longer get email when: someone answers my question");
    expect(errors).toEqual([]);
  });
});
