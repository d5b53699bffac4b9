import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { openDatabase, type Db } from "@db/client.server";
import { widgetEvents } from "@db/schema";
import { updateSettings } from "~/services/settings.server";
import { systemClock } from "~/utils/clock";
import { expectAccessible, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

// Demo threads (db/seed-data.ts).
const ESIM = "eSIM activation stuck on 'Activating…' on my new iPhone 15";
const SPAIN = "Roaming charges in Spain even though my plan includes Roam Like Home";
const REFUSED = "Peerdesk: the community refused to load here — is this origin in the widget's allowed origins?";

/** A brand's page: the loader tag, some hostile CSS, and buttons that use the JavaScript API. */
function hostPage(community: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Brand shop</title>
<style>
  button { background: red !important; font-size: 40px !important; }
  iframe { display: none !important; }
  p { color: #333; }
</style></head>
<body><main><h1>Brand shop</h1><p>Our products.</p></main>
<script src="${community}/widget.js" data-category="devices" data-title="Need help?" data-color="#0a7"
  data-position="sideways" data-lang-bogus="x" async></script>
</body></html>`;
}

async function startHost(community: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === "/favicon.ico") return void res.writeHead(204).end();
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(hostPage(community));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The embed's frame once it has loaded our page (not Chromium's error page). */
async function widgetFrame(page: Page, community: string): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(`${community}/embed`))).toBe(true);
  const frame = page.frames().find((f) => f.url().startsWith(`${community}/embed`))!;
  await frame.waitForSelector("#embed-q");
  return frame;
}

/** Where focus is on the host page, looking into the widget's shadow root. */
function focusedLauncher(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (active?.tagName !== "PEERDESK-WIDGET") return null;
    return active.shadowRoot?.activeElement?.textContent ?? null;
  });
}

const panelHidden = (page: Page) =>
  page.evaluate(() => (document.querySelector("peerdesk-widget")?.shadowRoot?.querySelector(".panel") as HTMLElement | null)?.hidden);

describe("the help widget on a brand's page, in Chromium", () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let allowed: { url: string; close(): Promise<void> };
  let refused: { url: string; close(): Promise<void> };
  let db: Db;

  const counts = (origin: string) =>
    Object.fromEntries(
      db.select().from(widgetEvents).where(eq(widgetEvents.origin, origin)).all().map((row) => [row.event, row.count]),
    ) as Record<string, number | undefined>;

  beforeAll(async () => {
    server = await startServer();
    allowed = await startHost(server.url);
    refused = await startHost(server.url);
    db = openDatabase(server.databasePath);
    updateSettings({ db, clock: systemClock }, { widgetOrigins: [allowed.url] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    db?.$client.close();
    await allowed?.close();
    await refused?.close();
    await server?.stop();
  });

  it("opens from the launcher, searches, shows an answer, and asks in a new tab prefilled", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const warnings: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "warning") warnings.push(message.text());
    });
    await page.goto(allowed.url);
    const launcher = page.getByRole("button", { name: "Need help?" });
    await launcher.waitFor();
    // Host CSS cannot reach into the shadow root.
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(0, 170, 119)");
    await expectAccessible(page);
    // Bad options fall back to defaults, with a warning that names them.
    expect(warnings.some((w) => w.includes('data-position="sideways" is not valid; using "right"'))).toBe(true);
    expect(warnings.some((w) => w.includes("data-lang-bogus is not a known string"))).toBe(true);

    await launcher.click();
    const frame = await widgetFrame(page, server.url);
    // Before anything is typed: popular solved threads of the brand's category.
    await frame.getByRole("link", { name: ESIM }).waitFor();
    await frame.getByRole("searchbox").fill("roaming");
    await frame.getByRole("link", { name: SPAIN }).waitFor();
    expect(await frame.getByRole("link", { name: ESIM }).count()).toBe(0);
    await expect.poll(() => counts(allowed.url).search).toBe(1);

    await frame.getByRole("link", { name: SPAIN }).click();
    await frame.waitForURL(/\/embed\/t\/\d+\?/);
    const answer = frame;
    await answer.getByRole("heading", { name: SPAIN }).waitFor();
    expect(await answer.getByText("✓ Accepted answer").count()).toBe(1);
    expect(await answer.getByText("one-off goodwill credit of £38").count()).toBe(1);

    const community = browser.waitForEvent("page");
    await answer.getByRole("link", { name: /Open in community/ }).click();
    const threadTab = await community;
    await threadTab.waitForLoadState();
    expect(threadTab.url()).toMatch(new RegExp(`^${server.url}/t/\\d+/roaming-charges-in-spain-even-though`));
    await threadTab.close();

    await answer.getByRole("link", { name: /Back to answers/ }).click();
    await frame.waitForURL(/\/embed\?/);
    const back = frame;
    expect(await back.getByRole("searchbox").inputValue()).toBe("roaming");
    await back.getByRole("searchbox").fill("roaming on a ferry");
    const asking = browser.waitForEvent("page");
    await back.getByRole("link", { name: "Ask the community" }).click();
    const askTab = await asking;
    await askTab.waitForURL(/\/auth\/sign-in/);
    await askTab.getByLabel("Email").fill("alice@example.com");
    await askTab.getByLabel("Password").fill("peerdesk-demo");
    await askTab.getByRole("button", { name: /^sign in$/i }).click();
    await askTab.waitForURL(/\/ask\?/);
    expect(new URL(askTab.url()).searchParams.get("category")).toBe("devices");
    expect(await askTab.getByLabel("Title").inputValue()).toBe("roaming on a ferry");
    await askTab.close();

    // The brand's own page may also call the JSON API: its origin gets the CORS header.
    const api = await page.evaluate(async (community) => {
      const response = await fetch(`${community}/api/v1/search?q=roaming`);
      return ((await response.json()) as { results: { title: string }[] }).results.map((r) => r.title);
    }, server.url);
    expect(api).toContain(SPAIN);

    await expect.poll(() => counts(allowed.url)).toMatchObject({ open: 1, view: 1, ask: 1 });
    expect(counts(refused.url)).toEqual({});
    expect(errors).toEqual([]);
  });

  it("works with the keyboard alone: Tab, Enter, type, Esc, and focus comes back to the launcher", async () => {
    const page = await browser.newPage();
    await page.goto(allowed.url);
    await page.getByRole("button", { name: "Need help?" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await focusedLauncher(page)).toBe("Need help?");
    await page.keyboard.press("Enter");
    const frame = await widgetFrame(page, server.url);
    await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe("embed-q");
    await page.keyboard.type("eSIM");
    await frame.getByRole("link", { name: "Best way to move from Android to iPhone without losing my eSIM?" }).waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => panelHidden(page)).toBe(true);
    expect(await focusedLauncher(page)).toBe("Need help?");
    // Enter again reopens it where it was.
    await page.keyboard.press("Enter");
    await expect.poll(() => panelHidden(page)).toBe(false);
    await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe("embed-q");
  });

  it("the brand's own code opens it with a query and closes it; malformed messages change nothing", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(allowed.url);
    await page.waitForFunction(() => "Peerdesk" in window);
    const opensBefore = counts(allowed.url).open ?? 0;
    await page.evaluate(() => (window as unknown as { Peerdesk: { open(o: object): void } }).Peerdesk.open({ query: "charged twice" }));
    const frame = await widgetFrame(page, server.url);
    await frame.getByRole("link", { name: /^Charged twice for my March bill/ }).waitFor();
    await expect.poll(() => counts(allowed.url).open).toBe(opensBefore + 1);

    // Junk to the frame, and a "close" that did not come from the frame: all ignored.
    await page.evaluate((community) => {
      const frameWindow = document.querySelector("peerdesk-widget")!.shadowRoot!.querySelector("iframe")!.contentWindow!;
      for (const junk of ["open", null, [1, 2], { type: "open" }, { peerdesk: 2, type: "open" }, { peerdesk: 1, type: 7 }]) {
        frameWindow.postMessage(junk, community);
      }
      window.postMessage({ peerdesk: 1, type: "close" }, "*");
      window.postMessage("close", "*");
    }, server.url);
    await frame.getByRole("searchbox").fill("eSIM");
    await frame.getByRole("link", { name: ESIM }).waitFor();
    expect(await panelHidden(page)).toBe(false);
    expect(counts(allowed.url).open).toBe(opensBefore + 1);

    await page.evaluate(() => (window as unknown as { Peerdesk: { close(): void } }).Peerdesk.close());
    expect(await panelHidden(page)).toBe(true);
    expect(errors).toEqual([]);
  });

  it("fills the screen on a phone", async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(allowed.url);
    await page.getByRole("button", { name: "Need help?" }).click();
    await widgetFrame(page, server.url);
    const box = await page.locator("peerdesk-widget .panel").boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 375, height: 667 });
  });

  it("an origin that is not allowed gets no widget: the frame is refused and the loader says so", async () => {
    const page = await browser.newPage();
    const refusal = page.waitForEvent("console", { predicate: (message) => message.text().startsWith(REFUSED), timeout: 15_000 });
    await page.goto(refused.url);
    await page.getByRole("button", { name: "Need help?" }).click();
    // While the frame is there, it holds Chromium's error page, not the widget.
    await expect.poll(() => page.frames().length).toBe(2);
    const frame = page.frames()[1]!;
    await frame.waitForLoadState();
    expect(await frame.locator("#embed-q").count()).toBe(0);
    await refusal;
    // The loader then takes its launcher away rather than leave a broken button.
    expect(await page.locator("peerdesk-widget").count()).toBe(0);
    expect(counts(refused.url)).toEqual({});
    // Nor does the JSON API answer it: no CORS header, so the browser withholds the data.
    const api = await page.evaluate(async (community) => {
      try {
        await fetch(`${community}/api/v1/search?q=roaming`);
        return "read";
      } catch (error) {
        return (error as Error).name;
      }
    }, server.url);
    expect(api).toBe("TypeError");
  });

  it("the widget's pages pass the accessibility check", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/embed?o=${encodeURIComponent(allowed.url)}&c=devices&k=%2300aa77`);
    await expectAccessible(page);
    await page.goto(`${server.url}/embed?c=devices&q=roaming`);
    await page.getByRole("link", { name: SPAIN }).click();
    await page.getByRole("heading", { name: SPAIN }).waitFor();
    await expectAccessible(page);
  });
});
