// Every page in light and dark mode, on a phone and a desktop, with no axe violation of any impact;
// the focus ring's contrast in both modes; and screenshots of the home, thread and ask pages
// (tests/e2e/screenshots/, not committed) for people to look at.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { expectNoAxeViolations, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

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
  // Console errors include React's hydration warnings (relative times are redrawn after hydration, never during).
  let errors: string[] = [];
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServer();
    // A reader in Tokyo, while the site's time zone is UTC.
    browser = await launchBrowser({ timezoneId: "Asia/Tokyo" });
    page = await browser.newPage();
    errors = watchErrors(page);
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
    const before = errors.length;
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
    // A 404 or 410 page is logged by Chromium as a failed load: expected.
    expect(errors.slice(before).filter((error) => !/status of 4(04|10)\b/.test(error)), `errors on ${pathname}`).toEqual([]);
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

  it("times are relative, with the exact time on hover: the server's in the site's zone, redrawn in the reader's", async () => {
    const served = await (await page.request.get(`${server.url}/`)).text();
    expect(served).toMatch(/<time dateTime="[^"]+Z" title="[^"]+ UTC">[^<]+<\/time>/);
    await page.goto(`${server.url}/`);
    const time = page.locator(".thread-row time").first();
    await expect.poll(() => time.getAttribute("title")).toMatch(/\d{4}.* GMT\+9$/);
    expect(await time.textContent()).toMatch(/^(just now|\d+ (minute|hour|day)s? ago|yesterday|\d{1,2} [A-Z][a-z]{2}( \d{4})?)$/);
  });

  it("the focus ring contrasts at least 3:1 with the colours around it, in both colour schemes", async () => {
    await page.goto(`${server.url}/`);
    await page.setViewportSize(DESKTOP);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      for (const selector of ["#header-search-q", "#home-search-q", ".hero__search .button", ".hero__ask a", ".category-card a", ".chip", ".thread-row__title", ".site-header__nav a"]) {
        const ratios = await page.locator(selector).first().evaluate(focusRingContrasts);
        expect(ratios.length, `${selector} (${colorScheme})`).toBeGreaterThan(0);
        expect(Math.min(...ratios), `${selector} (${colorScheme})`).toBeGreaterThanOrEqual(3);
      }
    }
  });

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
  for (const pathname of ["/c/billing", "/search?q=roaming", "/auth/sign-in", "/auth/sign-up", "/auth/forgot-password", "/auth/reset-password?token=expired", "/u/ben", "/embed?q=roaming", "/no-such-page"]) {
    it(`guest: ${pathname}`, () => checkEveryLook(pathname));
  }
  it("guest: the widget's answer page", () => checkEveryLook(`/embed/t/${threadPath.split("/")[2]}`));

  it("member: the ask page, with screenshots", async () => {
    await signIn("alice@example.com");
    await checkEveryLook("/ask", { "desktop-light": "ask", "phone-light": "ask" });
  });
  for (const pathname of ["/account", "/account/profile", "/account/email", "/account/password", "/account/delete", "/notifications", "/u/alice"]) {
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
  it("admin: /admin", () => checkEveryLook("/admin"));
  for (const pathname of [
    "/staff/moderation",
    "/staff/insights",
    "/staff/log",
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

/**
 * In the page: focuses the element and returns the contrast ratio of its outline colour with each
 * colour behind it (the nearest ancestor's background colour, or every stop of its gradient).
 */
function focusRingContrasts(element: HTMLElement): number[] {
  element.focus();
  if (!element.matches(":focus-visible")) return [];
  const style = getComputedStyle(element);
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return [];
  // The canvas turns any CSS colour (rgb(), color-mix(), color(srgb …)) into sRGB bytes.
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const context = canvas.getContext("2d", { willReadFrequently: true })!;
  const rgba = (colour: string) => {
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = colour;
    context.fillRect(0, 0, 1, 1);
    return Array.from(context.getImageData(0, 0, 1, 1).data);
  };
  const luminance = ([r, g, b]: number[]) => {
    const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
  };
  const ring = luminance(rgba(style.outlineColor));
  let around: string[] = [];
  for (let node = element.parentElement; node && around.length === 0; node = node.parentElement) {
    const nodeStyle = getComputedStyle(node);
    around = nodeStyle.backgroundImage.match(/(rgba?|color|oklab|oklch|lab|lch)\([^()]*\)/g) ?? [];
    if (rgba(nodeStyle.backgroundColor)[3]! > 0) around.push(nodeStyle.backgroundColor);
  }
  if (around.length === 0) around = [getComputedStyle(document.body).backgroundColor];
  return around.map((colour) => {
    const [lighter, darker] = [ring, luminance(rgba(colour))].sort((a, b) => b - a);
    return (lighter! + 0.05) / (darker! + 0.05);
  });
}
