import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

// Issue 11, as a person meets it: a Chinese title, the answer button pressed twice, and a
// pasted wall of `>` in the answer box.
describe("posting in Chromium with JavaScript: other scripts, double presses, deep nesting", () => {
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

  async function signIn(page: Page, email: string) {
    await page.context().clearCookies();
    await page.goto(`${server.url}/auth/sign-in`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("peerdesk-demo");
    await page.getByRole("button", { name: /^sign in$/i }).click();
    await page.waitForURL(`${server.url}/`);
  }

  it("asks with a Chinese title and lands on the thread; an answer posts once and empties the box", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const title = "为什么这个月扣了两次费？";
    await signIn(page, "alice@example.com");
    await page.goto(`${server.url}/ask`);
    await page.getByLabel("Category").selectOption("billing");
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Details").fill("两笔 **£12** 的扣款。");
    await page.getByRole("button", { name: /post to the community/i }).click();
    await page.waitForURL(/\/t\/\d+\/%E4%B8%BA%E4%BB%80%E4%B9%88/);
    expect(decodeURIComponent(new URL(page.url()).pathname)).toMatch(/^\/t\/\d+\/为什么这个月扣了两次费$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    const threadUrl = page.url();

    // The home page links to it, and following the link (a client-side navigation) lands there too.
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: title }).click();
    await page.waitForURL(threadUrl);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(title);

    await signIn(page, "ben@example.com");
    await page.goto(threadUrl);
    const box = page.getByLabel("Your answer");
    const answer = "Two holds on the card: the second one drops off in 3 days.";
    // The live preview stays out of Remix's router: a preview that reloaded the page's data could,
    // finishing while the answer was being posted, leave the page without the new answer.
    const routerRequests: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.endsWith(".data")) routerRequests.push(`${request.method()} ${request.url()}`);
    });
    await box.fill(answer);
    await expect.poll(async () => (await page.locator(".markdown-preview .prose").textContent())?.trim()).toBe(answer);
    expect(routerRequests).toEqual([]);
    const post = page.getByRole("button", { name: /post your answer/i });
    await post.click();
    const posted = page.locator("#answers").getByText(answer, { exact: true });
    await expect.poll(() => posted.count()).toBe(1);
    // The box and its preview are empty again, so pressing once more cannot post it twice.
    await expect.poll(() => box.inputValue()).toBe("");
    expect(await page.locator(".markdown-preview .prose").count()).toBe(0);
    await expect.poll(() => post.isEnabled()).toBe(true);
    await post.click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "Write something first" }).count()).toBe(1);
    expect(await posted.count()).toBe(1);

    // A pasted wall of quote markers is refused as the preview is drawn, not with a server error.
    await box.fill(">".repeat(2000));
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Too deeply nested");
    expect(errors).toEqual([]);
  });
});
