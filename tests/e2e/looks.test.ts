// Every page in light and dark mode, on a phone and a desktop, with no axe violation of any impact;
// the focus ring's contrast in both modes; and screenshots of the home, thread and ask pages
// (tests/e2e/screenshots/, not committed) for people to look at.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { expectNoAxeViolations, launchBrowser, startServer, type RunningServer } from "./support";

const SCREENSHOTS = path.resolve(import.meta.dirname, "screenshots");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const LOOKS = [
  { name: "desktop-light", viewport: DESKTOP, colorScheme: "light" },
  { name: "desktop-dark", viewport: DESKTOP, colorScheme: "dark" },
  { name: "phone-dark", viewport: PHONE, colorScheme: "dark" },
  { name: "phone-light", viewport: PHONE, colorScheme: "light" },
] as const;
type Look = (typeof LOOKS)[number]["name"];

describe("every page in light and dark mode, on a phone and a desktop", () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /**
   * Loads the page once, then switches screen size and colour scheme in place (no reload) and runs
   * axe in each of the four looks, saving the screenshots asked for.
   */
  async function checkEveryLook(pathname: string, screenshots: Partial<Record<Look, string>> = {}) {
    const response = await page.goto(`${server.url}${pathname}`);
    expect(response?.status(), pathname).toBeLessThan(500);
    for (const look of LOOKS) {
      await page.setViewportSize(look.viewport);
      await page.emulateMedia({ colorScheme: look.colorScheme });
      await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).colorScheme)).toContain(
        pathname.startsWith("/embed") ? "light" : look.colorScheme,
      );
      await expectNoAxeViolations(page, `${pathname} (${look.name})`);
      const file = screenshots[look.name];
      if (file) await page.screenshot({ path: path.join(SCREENSHOTS, `${file}-${look.name}.png`), fullPage: look.viewport === DESKTOP });
    }
  }

  async function signIn(email: string) {
    await page.goto(`${server.url}/auth/sign-in`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("peerdesk-demo");
    await page.locator("main").getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);
  }

  async function signOut() {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => page.getByRole("link", { name: "Sign in" }).count()).toBeGreaterThan(0);
  }

  // A solved thread with a staff answer: the richest thread page.
  let threadPath = "";
  it("home, with a screenshot in each look", async () => {
    await page.goto(`${server.url}/?filter=solved`);
    threadPath = (await page.locator(".thread-row:has(.tag--staff) .thread-row__title").first().getAttribute("href"))!;
    await checkEveryLook("/", { "desktop-light": "home", "desktop-dark": "home", "phone-light": "home", "phone-dark": "home" });
  });
  it("a solved thread with a staff answer, with screenshots", async () => {
    await checkEveryLook(threadPath, { "desktop-light": "thread", "phone-light": "thread" });
  });
  for (const pathname of ["/c/billing", "/search?q=roaming", "/auth/sign-in", "/auth/sign-up", "/auth/forgot-password", "/u/ben", "/embed?q=roaming", "/no-such-page"]) {
    it(`guest: ${pathname}`, () => checkEveryLook(pathname));
  }
  it("guest: the widget's answer page", () => checkEveryLook(`/embed/t/${threadPath.split("/")[2]}`));

  it("member: the ask page, with screenshots", async () => {
    await signIn("alice@example.com");
    await checkEveryLook("/ask", { "desktop-light": "ask", "phone-light": "ask" });
  });
  for (const pathname of ["/account", "/notifications", "/u/alice"]) {
    it(`member: ${pathname}`, () => checkEveryLook(pathname));
  }
  it("member: the asker's own thread", async () => {
    await page.goto(`${server.url}/u/alice`);
    const own = await page.locator(".activity-list a[href^='/t/']").first().getAttribute("href");
    await checkEveryLook(own!);
    await signOut();
  });

  it("staff: /staff/queue (signed in as an admin)", async () => {
    await signIn("ada@example.com");
    await checkEveryLook("/staff/queue");
  });
  for (const pathname of [
    "/staff/moderation",
    "/staff/insights",
    "/staff/log",
    "/admin",
    "/admin/categories",
    "/admin/users",
    "/admin/identity",
    "/admin/settings",
    "/admin/webhooks",
    "/admin/widget",
  ]) {
    it(`admin: ${pathname}`, () => checkEveryLook(pathname));
  }
});
