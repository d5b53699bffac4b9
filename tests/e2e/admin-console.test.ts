// A brand's first day: an empty install (no demo), its first admin creates a category and names the site.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { openDatabase } from "@db/client.server";
import { systemClock } from "~/utils/clock";
import { makeUser, TEST_PASSWORD } from "../factories";
import { launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

describe("an admin on an empty install", () => {
  let server: RunningServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    server = await startServer({ SEED: "off" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates the first category and sets the site's name, which the home page then shows", async () => {
    // As `npm run user:create -- --role admin …` does, on the server's own database.
    const db = openDatabase(server.databasePath);
    const admin = await makeUser({ db, clock: systemClock }, { role: "admin", handle: "first_admin" });
    db.$client.close();

    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/auth/sign-in`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.locator("main").getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.waitForURL(`${server.url}/admin`);
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Categories" }).click();
    await page.waitForURL(`${server.url}/admin/categories`);
    // A client-side navigation changes the URL as it renders: wait for what the new page shows.
    await expect.poll(() => page.getByText("No categories yet").count()).toBe(1);
    const create = page.getByRole("form", { name: "New category" });
    await create.getByLabel("Name").fill("Billing");
    await create.getByLabel("Description").fill("Invoices, payments and refunds");
    await create.getByRole("button", { name: "Create category" }).click();
    await expect.poll(() => page.getByRole("status").getByText("Category created.").count()).toBe(1);

    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Site identity" }).click();
    await page.waitForURL(`${server.url}/admin/identity`);
    await page.getByLabel("Site name").fill("Acme Help");
    await page.getByRole("button", { name: "Save site identity" }).click();
    await expect.poll(() => page.title()).toBe("Site identity — Admin — Acme Help");

    await page.goto(`${server.url}/`);
    expect(await page.title()).toBe("Acme Help");
    expect(await page.locator("main").getByRole("link", { name: "Billing" }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
