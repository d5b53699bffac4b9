import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { expectAccessible, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

const DUPLICATE = /Charged twice for my March bill/;

async function signIn(page: Page, url: string, email = "alice@example.com") {
  await page.goto(`${url}/auth/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("peerdesk-demo");
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL(`${url}/`);
}

describe.each([
  { javaScript: true, label: "with JavaScript" },
  { javaScript: false, label: "without JavaScript" },
])("search in Chromium, $label", ({ javaScript }) => {
  let server: RunningServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser({ javaScriptEnabled: javaScript });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("searches from the header and finds the solved thread with its words highlighted", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.locator("#header-search-q").fill("charged twice");
    await page.locator("#header-search-q").press("Enter");
    await page.waitForURL(/\/search\?q=charged\+twice/);
    const result = page.getByRole("link", { name: DUPLICATE });
    await expect.poll(() => result.count()).toBe(1);
    expect(await page.locator(".search-hit mark").first().textContent()).toMatch(/charged/i);
    expect(await page.locator(".search-hit").first().getByText("✓ Solved").count()).toBe(1);
    await expectAccessible(page);

    await page.getByLabel("Search for").fill("xyzzyplugh");
    if (javaScript) {
      // Results follow the typing, with no submit.
      await expect.poll(() => page.getByText("No threads match").count()).toBe(1);
    } else {
      await page.getByRole("button", { name: "Search", exact: true }).last().click();
      await page.waitForURL(/q=xyzzyplugh/);
    }
    const askLink = page.getByRole("link", { name: "Ask the community" }).last();
    expect(await askLink.getAttribute("href")).toBe("/ask?title=xyzzyplugh");
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });

  it("shows the similar solved thread while the customer types a title on the ask page", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url);
    await page.goto(`${server.url}/ask`);
    await page.getByLabel("Title").fill("I was charged twice this month");
    if (!javaScript) await page.getByRole("button", { name: "Check for similar questions" }).click();
    const suggestion = page.locator(".similar-threads").getByRole("link", { name: DUPLICATE });
    await expect.poll(() => suggestion.count()).toBe(1);
    expect(await page.getByLabel("Title").inputValue()).toBe("I was charged twice this month");
    await expectAccessible(page);
    await suggestion.click();
    await page.waitForURL(/\/t\/\d+\/charged-twice/);
    expect(errors).toEqual([]);
  });

  it("shows staff the weekly deflection figure, with the visit above that opened a suggestion and did not post", async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    await signIn(page, server.url, "sam@example.com");
    await page.goto(`${server.url}/staff/insights`);
    const table = page.getByRole("table", { name: /answered before they were asked/i });
    await expect.poll(() => table.count()).toBe(1);
    // This week: one ask visit, which opened a suggestion and did not post.
    expect(await table.locator("tbody tr").first().locator("td").allTextContents()).toEqual(["1", "1", "1", "100%"]);
    await expectAccessible(page);
  });
});
