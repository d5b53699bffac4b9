// Every page on a phone: nothing wider than the screen (no sideways scrolling) and no serious
// accessibility violation, for guests, members, staff and admins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { expectAccessible, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

const PHONE = { width: 360, height: 740 };

describe("pages on a 360-pixel phone screen", () => {
  let server: RunningServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function expectFitsAndAccessible(page: Page, path: string) {
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status(), path).toBeLessThan(500);
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect({ path, scrollWidth }).toEqual({ path, scrollWidth: innerWidth });
    await expectAccessible(page);
  }

  it("guest pages fit the screen", async () => {
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    const threadPath = await page.locator(".thread-row__title").first().getAttribute("href");
    for (const path of ["/", "/c/billing", threadPath!, "/search?q=roaming", "/auth/sign-in", "/auth/sign-up", "/u/ben", "/no-such-page"]) {
      await expectFitsAndAccessible(page, path);
    }
    expect(errors.filter((error) => !error.includes("404"))).toEqual([]);
    await page.close();
  });

  it("member, staff and admin pages fit the screen", async () => {
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/auth/sign-in`);
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("peerdesk-demo");
    await page.locator("main").getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);
    for (const path of ["/ask", "/notifications", "/account", "/staff/queue", "/staff/queue?tab=resolved", "/staff/insights", "/admin/settings", "/admin/webhooks", "/admin/widget"]) {
      await expectFitsAndAccessible(page, path);
    }
    await page.close();
  });

  it("admin console pages fit the screen", async () => {
    // A browser of its own: the one above is already signed in, and the sign-in page would redirect.
    const own = await launchBrowser();
    try {
      const page = await own.newPage();
      await page.setViewportSize(PHONE);
      await page.goto(`${server.url}/auth/sign-in`);
      await page.getByLabel("Email").fill("ada@example.com");
      await page.getByLabel("Password").fill("peerdesk-demo");
      await page.locator("main").getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${server.url}/`);
      for (const path of ["/admin", "/admin/categories", "/admin/users", "/admin/identity"]) {
        await expectFitsAndAccessible(page, path);
      }
    } finally {
      await own.close();
    }
  });
});
