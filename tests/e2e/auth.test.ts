import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { expectAccessible, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

describe.each([
  { javaScript: true, label: "with JavaScript" },
  { javaScript: false, label: "without JavaScript" },
])("accounts in Chromium, $label", ({ javaScript }) => {
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

  it("signs up, signs out, signs in and sees their name", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const handle = javaScript ? "jsuser" : "nojsuser";
    await page.goto(`${server.url}/auth/sign-up`);
    await expectAccessible(page);

    // A mistake first: the error shows next to the field and the typed values stay.
    await page.getByLabel("Email").fill(`${handle}@example.com`);
    await page.getByLabel("Display name").fill(`Tess ${handle}`);
    await page.getByLabel("Handle").fill(handle);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: /create account/i }).click();
    await expect.poll(() => page.getByText("Use at least 10 characters").count()).toBe(1);
    expect(await page.getByLabel("Display name").inputValue()).toBe(`Tess ${handle}`);
    await expectAccessible(page);

    await page.getByLabel("Password").fill("a much better password");
    await page.getByRole("button", { name: /create account/i }).click();
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.getByText(`Tess ${handle}`).count()).toBeGreaterThan(0);
    await expectAccessible(page);

    await page.getByRole("button", { name: /sign out/i }).click();
    await expect.poll(() => page.getByRole("link", { name: "Sign in" }).count()).toBe(1);
    expect(await page.getByText(`Tess ${handle}`).count()).toBe(0);

    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/auth\/sign-in/);
    await expectAccessible(page);
    await page.getByLabel("Email").fill(`${handle}@example.com`);
    await page.getByLabel("Password").fill("a much better password");
    await page.getByRole("button", { name: /^sign in$/i }).click();
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.getByText(`Tess ${handle}`).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it("shows the demo community on the home page and a 404 page for unknown addresses", async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    expect(await page.getByRole("heading", { name: "Latest threads" }).count()).toBe(1);
    expect(await page.locator(".thread-row").count()).toBeGreaterThanOrEqual(20);
    await expectAccessible(page);
    const response = await page.goto(`${server.url}/nowhere-at-all`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { name: "Page not found" }).count()).toBe(1);
    await expectAccessible(page);
  });
});
