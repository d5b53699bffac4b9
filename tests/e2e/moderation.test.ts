import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { openDatabase } from "@db/client.server";
import { categories, users } from "@db/schema";
import { createReply } from "~/services/posts.server";
import { systemClock } from "~/utils/clock";
import { ask } from "../qa-helpers";
import { launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

// With JavaScript and without (issue 12): the same scenario, one browser context and one server each.
describe.each([
  { javaScript: true, label: "with JavaScript" },
  { javaScript: false, label: "without JavaScript" },
])("moderation in Chromium, $label", ({ javaScript }) => {
  let server: RunningServer;
  let browser: BrowserContext;
  let path: string;
  let canonicalPath: string;
  let duplicatePath: string;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser({ javaScriptEnabled: javaScript });
    const db = openDatabase(server.databasePath);
    const person = (handle: string) => db.select().from(users).where(eq(users.handle, handle)).get()!;
    const thread = ask({ db, clock: systemClock }, person("ben"), db.select().from(categories).get()!, { title: "Router keeps rebooting" });
    createReply({ db, clock: systemClock, env: { PUBLIC_URL: server.url } }, person("alice"), thread.id, { body: "Cheap pills at pills.example" });
    const canonical = ask({ db, clock: systemClock }, person("keiko"), db.select().from(categories).get()!, { title: "Voicemail greeting resets weekly" });
    const duplicate = ask({ db, clock: systemClock }, person("tomasz"), db.select().from(categories).get()!, { title: "My voicemail greeting vanished" });
    createReply({ db, clock: systemClock, env: { PUBLIC_URL: server.url } }, person("alice"), duplicate.id, { body: "Record it again after each update." });
    db.$client.close();
    path = `/t/${thread.id}/${thread.slug}`;
    canonicalPath = `/t/${canonical.id}/${canonical.slug}`;
    duplicatePath = `/t/${duplicate.id}/${duplicate.slug}`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signInAs(page: Page, handle: string) {
    await browser.clearCookies();
    await page.goto(`${server.url}/auth/sign-in?redirectTo=${encodeURIComponent(path)}`);
    await page.getByLabel("Email").fill(`${handle}@example.com`);
    await page.getByLabel("Password").fill("peerdesk-demo");
    await page.getByRole("button", { name: /^sign in$/i }).click();
    await page.waitForURL(`${server.url}${path}`);
  }

  it("a moderator closes a thread as a duplicate (linked to the canonical thread), then merges it: its address leads there", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await signInAs(page, "mo");
    await page.goto(`${server.url}${duplicatePath}`);
    await page.getByText("Duplicate or merge", { exact: true }).click();
    await page.getByLabel("The canonical thread (its number or address)").fill(canonicalPath);
    await page.getByRole("button", { name: "Close as duplicate" }).click();
    const link = page.getByRole("status").getByRole("link", { name: "Voicemail greeting resets weekly" });
    await expect.poll(() => link.count()).toBe(1);

    await page.getByText("Merge", { exact: true }).click();
    await page.getByLabel("The canonical thread (its number or address)").fill(canonicalPath);
    await page.getByRole("button", { name: "Merge into it" }).click();
    await page.waitForURL(`${server.url}${canonicalPath}`);
    expect(await page.getByText("Record it again after each update.").count()).toBe(1);

    await browser.clearCookies();
    await page.goto(`${server.url}${duplicatePath}`);
    expect(page.url()).toBe(`${server.url}${canonicalPath}`);
    expect(errors).toEqual([]);
  });

  it("three members flag a post, it disappears for a guest, a moderator restores it from the queue; a lock removes the reply form", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const answer = page.getByRole("article", { name: /Answer by Alice/ });

    for (const handle of ["priya", "tomasz", "keiko"]) {
      await signInAs(page, handle);
      await answer.getByText("Flag", { exact: true }).click();
      await answer.getByLabel("Spam").check();
      await answer.getByRole("button", { name: "Send flag" }).click();
      // The third flag hides the post, and the flagger then sees only that it is hidden.
      await expect.poll(() => page.getByText(/^(You flagged this post\.|Hidden pending review\.)$/).count()).toBe(1);
    }

    await browser.clearCookies();
    await page.goto(`${server.url}${path}`);
    expect(await page.getByText("Hidden pending review.").count()).toBe(1);
    expect(await page.getByText("pills.example").count()).toBe(0);

    await signInAs(page, "mo");
    await page.goto(`${server.url}/staff/moderation`);
    const item = page.getByRole("listitem", { name: /Flags on a post by Alice/ });
    expect(await item.getByText("pills.example").count()).toBe(1);
    await item.getByRole("button", { name: "Disagree and restore" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Flags dismissed" }).count()).toBe(1);

    await page.goto(`${server.url}${path}`);
    await page.getByText("Lock", { exact: true }).click();
    await page.getByLabel("Why (members see this)").fill("Answered; see the status page");
    await page.getByRole("button", { name: "Lock thread" }).click();
    await expect.poll(() => page.getByText("Locked by moderators: Answered; see the status page").count()).toBe(1);

    await browser.clearCookies();
    await page.goto(`${server.url}${path}`);
    expect(await page.getByText("pills.example").count()).toBe(1);

    await signInAs(page, "priya");
    await expect.poll(() => page.getByText("Locked by moderators: Answered; see the status page").count()).toBe(1);
    expect(await page.getByRole("button", { name: /post your answer/i }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
