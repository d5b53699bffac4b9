import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { openDatabase } from "@db/client.server";
import { categories, users } from "@db/schema";
import { systemClock } from "~/utils/clock";
import { ask, replyMany } from "../qa-helpers";
import { expectAccessible, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

describe.each([
  { javaScript: true, label: "with JavaScript" },
  { javaScript: false, label: "without JavaScript" },
])("a long thread's pages in Chromium, $label", ({ javaScript }) => {
  let server: RunningServer;
  let browser: BrowserContext;
  let path: string;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser({ javaScriptEnabled: javaScript });
    // 120 replies by a staff member (no posting limit), written beside the running server.
    const db = openDatabase(server.databasePath);
    const person = (handle: string) => db.select().from(users).where(eq(users.handle, handle)).get()!;
    const thread = ask({ db, clock: systemClock }, person("ben"), db.select().from(categories).get()!, { title: "Paged thread" });
    replyMany({ db, clock: systemClock, env: { PUBLIC_URL: server.url } }, person("sam"), thread.id, 120);
    db.$client.close();
    path = `/t/${thread.id}/${thread.slug}`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("walks the pages with the page nav, goes back to the question, and a reply lands on the last page", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const url = server.url;
    await page.goto(`${url}${path}`);
    const nav = page.getByRole("navigation", { name: "Pages of this thread", exact: true });
    expect(await nav.getByRole("link", { name: "Page 1", exact: true }).getAttribute("aria-current")).toBe("page");
    // Each post's words are in the page once, not in the hydration data: hydration keeps them.
    const questionWords = () => page.locator('article[aria-label="Question"] .prose').textContent();
    expect(await questionWords()).toMatch(/^It blinks red, \d+ times\.\s*$/);
    expect(await page.getByText("Reply 1", { exact: true }).isVisible()).toBe(true);
    await expectAccessible(page);
    // The JSON-LD is written by the server alone (not in the hydration data): hydration keeps it.
    const jsonLd = () => page.locator('script[type="application/ld+json"]').textContent();
    const firstPageJsonLd = await jsonLd();
    expect(JSON.parse(firstPageJsonLd!).mainEntity.name).toBe("Paged thread");

    // With JavaScript, a link to another page is followed in the browser: this document stays.
    const sameDocument = () => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
    if (javaScript) await page.evaluate(() => void ((window as unknown as { sameDocument?: boolean }).sameDocument = true));
    await nav.getByRole("link", { name: "Next →" }).click();
    await page.waitForURL(`${url}${path}?page=2`);
    await expect.poll(() => nav.getByRole("link", { name: "Page 2", exact: true }).getAttribute("aria-current")).toBe("page");
    if (javaScript) expect(await sameDocument()).toBe(true);
    // Another page reached in the browser never keeps the previous page's answers.
    expect(await jsonLd()).not.toBe(firstPageJsonLd);
    expect(await page.getByText("Reply 51", { exact: true }).count()).toBe(1);
    expect(await page.getByText("Reply 50", { exact: true }).count()).toBe(0);
    expect(await page.title()).toMatch(/^Paged thread — page 2 — /);
    await expectAccessible(page);
    await page.getByRole("link", { name: /Read the question/ }).click();
    await page.waitForURL(new RegExp(`${path}#post-\\d+$`));
    if (javaScript) expect(await sameDocument()).toBe(true);
    // Reached in the browser, the words came with the page's data.
    expect(await questionWords()).toMatch(/^It blinks red, \d+ times\.\s*$/);
    expect(await page.getByText("Reply 1", { exact: true }).isVisible()).toBe(true);

    await page.goto(`${url}/auth/sign-in?redirectTo=${encodeURIComponent(`${path}?page=2`)}`);
    await page.getByLabel("Email").fill("priya@example.com");
    await page.getByLabel("Password").fill("peerdesk-demo");
    await page.getByRole("button", { name: /^sign in$/i }).click();
    await page.waitForURL(`${url}${path}?page=2`);
    await page.getByLabel("Your answer").fill(`Posted from page 2 ${javaScript ? "with" : "without"} JavaScript`);
    await page.getByRole("button", { name: /post your answer/i }).click();
    await page.waitForURL(new RegExp(`${path}\\?page=3#post-\\d+$`));
    const mine = page.locator("article.post", { hasText: "Posted from page 2" });
    expect(await mine.getAttribute("id")).toBe(`post-${new URL(page.url()).hash.slice("#post-".length)}`);
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });
});
