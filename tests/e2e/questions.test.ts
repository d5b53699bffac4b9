import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { expectAccessible, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

const PASSWORD = "a much better password";

async function signUp(page: Page, url: string, handle: string, name: string) {
  await page.context().clearCookies();
  await page.goto(`${url}/auth/sign-up`);
  await page.getByLabel("Email").fill(`${handle}@example.com`);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Handle").fill(handle);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: /create account/i }).click();
  await page.waitForURL(`${url}/`);
}

async function signIn(page: Page, url: string, email: string, password = PASSWORD) {
  await page.context().clearCookies();
  await page.goto(`${url}/auth/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /^sign in$/i }).click();
  await page.waitForURL(`${url}/`);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: /sign out/i }).click();
  await expect.poll(() => page.getByRole("link", { name: "Sign in" }).count()).toBe(1);
}

async function reputationOf(page: Page, url: string, handle: string) {
  await page.goto(`${url}/u/${handle}`);
  return Number(await page.getByTestId("reputation").textContent());
}

describe.each([
  { javaScript: true, label: "with JavaScript" },
  { javaScript: false, label: "without JavaScript" },
])("questions and answers in Chromium, $label", ({ javaScript }) => {
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

  it("A asks, B answers, A accepts: B gains reputation and the thread shows solved with the answer first; staff replies carry their badge", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const suffix = javaScript ? "js" : "nojs";
    const url = server.url;
    await signUp(page, url, `bea_${suffix}`, `Bea ${suffix}`);
    await signOut(page);
    await signUp(page, url, `asa_${suffix}`, `Asa ${suffix}`);

    // A asks, with a preview first (live with JavaScript, by button without).
    await page.goto(`${url}/ask`);
    await expectAccessible(page);
    await page.getByLabel("Category").selectOption("billing");
    await page.getByRole("radio", { name: /Question/ }).check();
    await page.getByLabel("Title").fill(`Why was I charged twice this month? (${suffix})`);
    await page.getByLabel("Details").fill("Two charges of **£12** on my card.");
    if (!javaScript) await page.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => page.locator(".markdown-preview strong").textContent()).toBe("£12");
    await expectAccessible(page);
    await page.getByRole("button", { name: /post to the community/i }).click();
    await page.waitForURL(/\/t\/\d+\/why-was-i-charged-twice-this-month/);
    const threadUrl = page.url().split("#")[0]!;
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("charged twice");
    expect(await page.locator(".status").first().textContent()).toBe("Unanswered");
    await expectAccessible(page);
    await signOut(page);

    // B answers.
    await signIn(page, url, `bea_${suffix}@example.com`);
    const before = await reputationOf(page, url, `bea_${suffix}`);
    await page.goto(threadUrl);
    await page.getByLabel("Your answer").fill("It's a pre-authorisation; the second one drops off in 3 days.");
    await page.getByRole("button", { name: /post your answer/i }).click();
    await expect.poll(() => page.locator("article.post", { hasText: "pre-authorisation" }).count()).toBeGreaterThan(0);
    await signOut(page);

    // Staff reply, badged.
    await signIn(page, url, "sam@example.com", "peerdesk-demo");
    await page.goto(threadUrl);
    await page.getByLabel("Your answer").fill("Confirmed from our side: one charge will be released.");
    await page.getByRole("button", { name: /post your answer/i }).click();
    const staffPost = page.locator("article.post", { hasText: "Confirmed from our side" });
    await expect.poll(() => staffPost.locator(".badge--staff").count()).toBe(1);
    expect(await staffPost.locator(".badge--staff").textContent()).toMatch(/Staff$/);
    expect(await staffPost.locator(".badge--official").textContent()).toBe("Staff answer");
    await expectAccessible(page);
    await signOut(page);

    // A is told, opens the notification, and accepts B's answer.
    await signIn(page, url, `asa_${suffix}@example.com`);
    expect(await page.locator(".bell").getAttribute("aria-label")).toBe("Notifications, 2 unread");
    await page.goto(`${url}/notifications`);
    await expectAccessible(page);
    await page.getByRole("link", { name: /charged twice/ }).first().click();
    await page.waitForURL(/\/t\/\d+\/why-was-i-charged-twice-this-month-\w+#post-\d+/);
    const answer = page.locator("article.post", { hasText: "pre-authorisation" });
    await answer.getByRole("button", { name: "Mark as solved" }).click();
    await expect.poll(() => page.getByRole("heading", { name: /Solved: the answer that worked/ }).count()).toBe(1);
    expect(await page.locator(".status").first().textContent()).toBe("✓ Solved");
    expect(await page.getByRole("link", { name: /Jump to the answer/ }).count()).toBe(1);
    // The accepted answer comes right after the question, before the staff reply posted earlier.
    const order = await page.locator("article.post").evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ""));
    expect(order[1]).toContain("pre-authorisation");
    expect(order[2]).toContain("Confirmed from our side");
    await expectAccessible(page);

    expect(await reputationOf(page, url, `bea_${suffix}`)).toBe(before + 15);
    expect(await page.getByText("First solved answer").count()).toBe(1);
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });

  it("votes helpful, says me too, edits with visible history, and lists filter by solved", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const suffix = javaScript ? "js2" : "nojs2";
    const url = server.url;
    await signIn(page, url, "ben@example.com", "peerdesk-demo");
    await page.goto(`${url}/?filter=solved`);
    await expectAccessible(page);
    const solvedRows = await page.locator(".thread-row .status").allTextContents();
    expect(solvedRows.length).toBeGreaterThan(0);
    expect(solvedRows.every((text) => text === "✓ Solved")).toBe(true);

    await page.goto(`${url}/c/billing?filter=unanswered&kind=question`);
    expect(await page.getByRole("link", { name: "Unanswered" }).getAttribute("aria-current")).toBe("page");
    await expectAccessible(page);
    await page.goto(`${url}/ask?category=network-coverage&title=${encodeURIComponent(`No data in Spain ${suffix}`)}&body=Roaming%20is%20on.`);
    expect(await page.getByLabel("Title").inputValue()).toBe(`No data in Spain ${suffix}`);
    await page.getByRole("radio", { name: /Problem/ }).check();
    await page.getByRole("button", { name: /post to the community/i }).click();
    await page.waitForURL(/\/t\/\d+\//);
    const threadUrl = page.url();

    // Edit the question: the page says who edited, and the history shows both versions.
    const question = page.locator("article.post").first();
    await question.getByRole("link", { name: "Edit" }).click();
    await page.waitForURL(/\/p\/\d+\/edit/);
    await expectAccessible(page);
    await page.getByLabel("Text").fill("Roaming is on, and I restarted the phone.");
    await page.getByRole("button", { name: "Save edit" }).click();
    await page.waitForURL(/\/t\/\d+\//);
    await expect.poll(() => page.locator("article.post", { hasText: "I restarted the phone" }).count()).toBe(1);
    await page.getByRole("link", { name: "edited" }).click();
    await page.waitForURL(/\/p\/\d+\/revisions/);
    // With JavaScript the URL changes before the new page has rendered: wait for its content.
    await expect.poll(() => page.getByText("Roaming is on.", { exact: true }).count()).toBe(1);
    await expectAccessible(page);
    await signOut(page);

    // Another member says me too and votes an answer helpful.
    await signIn(page, url, "priya@example.com", "peerdesk-demo");
    await page.goto(threadUrl);
    await page.getByRole("button", { name: /^Me too/ }).click();
    await expect.poll(() => page.getByRole("button", { name: /^Me too ✓/ }).count()).toBe(1);
    await page.getByLabel("Your answer").fill("Switch the network to manual and pick Movistar.");
    await page.getByRole("button", { name: /post your answer/i }).click();
    await expect.poll(() => page.locator("article.post", { hasText: "pick Movistar" }).count()).toBe(1);
    await signOut(page);
    await signIn(page, url, "ben@example.com", "peerdesk-demo");
    await page.goto(threadUrl);
    const answer = page.locator("article.post", { hasText: "pick Movistar" });
    // With JavaScript the vote goes through the router, the document stays (a mark set on it survives),
    // and the button counts it at once: the server's answer is held back until the button shows it.
    let release = () => {};
    if (javaScript) {
      await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/*", async (route) => {
        if (route.request().method() === "POST") await held;
        await route.fallback();
      });
    }
    await answer.getByRole("button", { name: /^Helpful/ }).click();
    await expect.poll(() => answer.getByRole("button", { name: /^Helpful ✓/ }).count()).toBe(1);
    expect(await answer.locator(".toggle__count").textContent()).toBe("1");
    if (javaScript) {
      release();
      await page.unroute("**/*");
      await expect.poll(() => page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
    }
    await expectAccessible(page);
    await signOut(page);

    // The author deletes the answer, which takes a second, deliberate click.
    await signIn(page, url, "priya@example.com", "peerdesk-demo");
    await page.goto(threadUrl);
    const own = page.locator("article.post", { hasText: "pick Movistar" });
    await own.getByText("Delete", { exact: true }).click();
    await expect.poll(() => own.getByText("Delete this post? This cannot be undone.").isVisible()).toBe(true);
    await expectAccessible(page);
    if (javaScript) await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
    await own.getByRole("button", { name: "Yes, delete" }).click();
    // Wait for what the new page shows, not for the old one to vanish (it does while loading).
    await expect.poll(() => page.getByText("This post was deleted.").count()).toBe(1);
    // With JavaScript the form posted through the router: the document is the one it was on.
    if (javaScript) expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
    expect(await page.locator("article.post", { hasText: "pick Movistar" }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe("posted XSS payloads in Chromium", () => {
  let server: RunningServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser({ javaScriptEnabled: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const PAYLOADS = [
    "<script>window.__xss = 'script'; alert(1)</script>",
    "<img src=x onerror=\"window.__xss='img'; alert(1)\">",
    "<svg onload=\"window.__xss='svg'; alert(1)\"></svg>",
    "[click me](javascript:window.__xss='link';alert(1))",
    "<a href=\"jav&#x09;ascript:window.__xss='tab';alert(1)\">tabbed</a>",
    "<iframe srcdoc=\"<script>parent.__xss='iframe';alert(1)</script>\"></iframe>",
    "<details open ontoggle=\"window.__xss='details';alert(1)\">x</details>",
    "<form action=\"javascript:window.__xss='form'\"><button>submit me</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss='mathml';alert(1)\">",
  ];

  it("runs none of them: no dialog opens and no flag is set, on the thread page or in the live preview", async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const url = server.url;
    await signIn(page, url, "alice@example.com", "peerdesk-demo");
    await page.goto(`${url}/ask`);
    await page.getByLabel("Category").selectOption("billing");
    await page.getByLabel("Title").fill("<script>window.__xss='title'</script> payload test");
    await page.getByLabel("Details").fill(PAYLOADS.join("\n\n"));
    await expect.poll(() => page.locator(".markdown-preview").textContent()).toContain("click me");
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    await page.getByRole("button", { name: /post to the community/i }).click();
    await page.waitForURL(/\/t\/\d+\//);
    await page.getByLabel("Your reply").fill(PAYLOADS.reverse().join("\n\n"));
    await page.getByRole("button", { name: /post your reply/i }).click();
    await expect.poll(() => page.locator("article.post").count()).toBe(2);
    // Click what looks clickable: links and buttons that came from the payloads.
    for (const name of ["click me", "tabbed"]) {
      const links = page.getByRole("link", { name });
      for (let i = 0; i < (await links.count()); i++) await links.nth(i).click({ noWaitAfter: true }).catch(() => {});
    }
    await page.reload();
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(await page.locator(".prose script, .prose iframe, .prose svg, .prose form, .prose [onerror], .prose [onload]").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
