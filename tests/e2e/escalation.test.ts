import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { expectAccessible, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

const PASSWORD = "peerdesk-demo";
const TITLE = "eSIM profile vanished after the update";

async function signIn(page: Page, url: string, email: string) {
  await page.goto(`${url}/auth/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: /^sign in$/i }).click();
  await page.waitForURL(`${url}/`);
}

describe("the escalation timer in Chromium", () => {
  let server: RunningServer;
  let asker: BrowserContext;
  let staff: BrowserContext;
  beforeAll(async () => {
    // Jobs run inside the server, sweeping every second, as in production with a short interval.
    server = await startServer({ JOBS: "on", JOBS_INTERVAL_SECONDS: "1" });
    asker = await launchBrowser();
    staff = await launchBrowser();
  });
  afterAll(async () => {
    await asker?.close();
    await staff?.close();
    await server?.stop();
  });

  it("an overdue thread reaches the staff queue; staff claim and answer it; the asker sees the staff badge", async () => {
    const alice = await asker.newPage();
    const errors = watchErrors(alice);
    await signIn(alice, server.url, "alice@example.com");
    await alice.goto(`${server.url}/ask`);
    await alice.getByLabel("Category").selectOption("devices");
    await alice.locator('input[name="kind"][value="question"]').check();
    await alice.getByLabel("Title").fill(TITLE);
    await alice.getByLabel("Details", { exact: true }).fill("Since this morning my phone shows no eSIM at all. Restarting did not help.");
    await alice.getByRole("button", { name: "Post to the community" }).click();
    await alice.waitForURL(/\/t\/\d+\//);
    const threadUrl = alice.url();
    const threadId = Number(/\/t\/(\d+)\//.exec(threadUrl)![1]);
    await expect.poll(() => alice.getByText(/If no one from the community has answered by \d\d:\d\d/).count()).toBe(1);
    await expectAccessible(alice);

    // The deadline passes (set in the database, as a clock jump would).
    const db = new Database(server.databasePath);
    db.prepare("UPDATE threads SET escalation_due_at = ? WHERE id = ?").run(Date.now() - 1000, threadId);
    db.close();

    const sam = await staff.newPage();
    const staffErrors = watchErrors(sam);
    await signIn(sam, server.url, "sam@example.com");
    const row = sam.locator(".queue-row", { hasText: TITLE });
    await expect
      .poll(async () => {
        await sam.goto(`${server.url}/staff/queue`);
        return row.count();
      }, { timeout: 60_000 })
      .toBe(1);
    await expect.poll(() => row.getByText("Not claimed").count()).toBe(1);
    await expectAccessible(sam);

    await row.getByRole("button", { name: "Claim (assign to me)" }).click();
    await expect.poll(() => row.getByText("Claimed by you").count()).toBe(1);

    await alice.reload();
    await expect.poll(() => alice.getByText("Our staff have been alerted").count()).toBe(1);

    await row.getByRole("link", { name: TITLE }).click();
    await sam.waitForURL(/\/t\/\d+\//);
    await sam.getByRole("textbox", { name: "Your answer" }).fill("Sorry about that! Go to Settings › Mobile data › Add eSIM and scan the QR code from your account page.");
    await sam.getByRole("button", { name: "Post your answer" }).click();
    await expect.poll(() => sam.locator(".post--staff", { hasText: "Add eSIM" }).count()).toBe(1);

    await sam.goto(`${server.url}/staff/queue`);
    expect(await sam.locator(".queue-row", { hasText: TITLE }).count()).toBe(0);
    await sam.goto(`${server.url}/staff/queue?tab=resolved`);
    await expect.poll(() => sam.locator(".queue-row", { hasText: TITLE }).getByText(/answered in the thread/).count()).toBe(1);
    await expectAccessible(sam);

    await alice.goto(threadUrl);
    const answer = alice.locator(".post", { hasText: "Add eSIM" });
    await expect.poll(() => answer.locator(".badge--staff").count()).toBe(1);
    expect(await answer.locator(".badge--staff").innerText()).toMatch(/Staff$/);
    expect(await alice.getByText("Our staff have been alerted").count()).toBe(0);
    expect(errors).toEqual([]);
    expect(staffErrors).toEqual([]);
  });

  it.each([true, false])("admin pages work and pass the accessibility check (JavaScript: %s)", async (javaScriptEnabled) => {
    const admin = await launchBrowser({ javaScriptEnabled });
    try {
      const page = await admin.newPage();
      await signIn(page, server.url, "ada@example.com");
      await page.goto(`${server.url}/admin/settings`);
      expect(await page.getByRole("heading", { name: "Admin settings" }).count()).toBe(1);
      // axe runs inside the page, so it is checked in the JavaScript run.
      await expectAccessible(page);
      await page.getByRole("link", { name: "Webhooks and delivery log" }).click();
      await page.waitForURL(/\/admin\/webhooks/);
      await page.getByLabel("URL").fill("gopher://example.com/");
      await page.getByRole("button", { name: "Add webhook" }).click();
      await expect.poll(() => page.getByText("Only http:// and https:// URLs can receive webhooks").count()).toBe(1);
      expect(await page.getByLabel("URL").inputValue()).toBe("gopher://example.com/");
      await expectAccessible(page);
      await page.goto(`${server.url}/account`);
      const reminders = page.getByRole("checkbox", { name: /Remind me/ });
      await reminders.uncheck();
      await page.getByRole("button", { name: "Save preferences" }).click();
      await expect.poll(() => page.getByRole("status").getByText("Saved.").count()).toBe(1);
      expect(await reminders.isChecked()).toBe(false);
      await expectAccessible(page);
    } finally {
      await admin.close();
    }
  });
});
