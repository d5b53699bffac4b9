import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { openDatabase, type Db } from "@db/client.server";
import { widgetEvents } from "@db/schema";
import { updateSettings } from "~/services/settings.server";
import { systemClock } from "~/utils/clock";
import { expectAccessible, freePort, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

// Demo threads (db/seed-data.ts).
const ESIM = "eSIM activation stuck on 'Activating…' on my new iPhone 15";
const SPAIN = "Roaming charges in Spain even though my plan includes Roam Like Home";

/** A brand's page: the loader tag, some hostile CSS, and buttons that use the JavaScript API. */
function hostPage(community: string, category = "devices") {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Brand shop</title>
<style>
  button { background: red !important; font-size: 40px !important; }
  iframe { display: none !important; }
  p { color: #333; }
</style></head>
<body><main><h1>Brand shop</h1><p>Our products.</p></main>
<script src="${community}/widget.js" data-category="${category}" data-title="Need help?" data-color="#0a7"
  data-position="sideways" data-lang-bogus="x" async></script>
</body></html>`;
}

// Any other page of a site, without the widget: what a brand's page may hold in its other frames.
const BLANK_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Other</title></head><body></body></html>';
// A well-formed slug that names no category of the demo community: only the server can tell.
const UNKNOWN_CATEGORY = "no-such-category";

async function startHost(community: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === "/favicon.ico") return void res.writeHead(204).end();
    const page = req.url === "/blank" ? BLANK_PAGE : hostPage(community, req.url === "/unknown-category" ? UNKNOWN_CATEGORY : undefined);
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page);
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
  // Until embed.js has run, typing only fills the box (the no-JS form needs Enter).
  await frame.waitForSelector("html[data-embed-ready]", { state: "attached" });
  return frame;
}

/** The console warnings a page logs from now on (the loader's "Peerdesk: …" advice to the brand). */
function watchWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "warning") warnings.push(message.text());
  });
  return warnings;
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

/** A frame in the page's light DOM, once loaded (its deferred scripts have run). */
async function addFrame(page: Page, src: string): Promise<Frame> {
  const element = await page.evaluateHandle(
    (src) =>
      new Promise<HTMLIFrameElement>((resolve) => {
        const frame = document.createElement("iframe");
        frame.src = src;
        frame.onload = () => resolve(frame);
        document.body.appendChild(frame);
      }),
    src,
  );
  return (await element.asElement()!.contentFrame())!;
}

type Heard = { origin: string; type: string };

/**
 * Lists the messages a window receives from now on. The widget's own listener was added first, so
 * once a message is listed here the widget has handled it and everything sent before it by the same
 * window (one sender's messages arrive in order).
 */
async function recordMessages(target: Page | Frame) {
  await target.evaluate(() => {
    const heard: Heard[] = [];
    Object.assign(window, { heard });
    window.addEventListener("message", (event) => {
      const data = event.data as { type?: unknown } | null;
      const type = data && typeof data === "object" && typeof data.type === "string" ? data.type.slice(0, 40) : typeof data;
      heard.push({ origin: event.origin, type });
    });
  });
}

const heard = (target: Page | Frame) => target.evaluate(() => (window as unknown as { heard: Heard[] }).heard);
const heardEnds = async (target: Page | Frame) => (await heard(target)).filter((m) => m.type === "test-end").map((m) => m.origin).sort();
const END = { type: "test-end" };

/** Posts from the host page to the loader's frame, as the loader does. */
function postToWidgetFrame(page: Page, messages: unknown[], targetOrigin: string) {
  return page.evaluate(
    ({ messages, targetOrigin }) => {
      const frameWindow = document.querySelector("peerdesk-widget")!.shadowRoot!.querySelector("iframe")!.contentWindow!;
      for (const message of messages) frameWindow.postMessage(message, targetOrigin);
    },
    { messages, targetOrigin },
  );
}

/** Posts from a frame to its parent (from a page, to itself), to any origin. */
function postToParent(from: Page | Frame, messages: unknown[]) {
  return from.evaluate((messages) => messages.forEach((message) => window.parent.postMessage(message, "*")), messages);
}

/** Posts from a page to its first light-DOM frame. */
function postToFirstFrame(from: Page | Frame, messages: unknown[], targetOrigin: string) {
  return from.evaluate(
    ({ messages, targetOrigin }) => messages.forEach((message) => window.frames[0]!.postMessage(message, targetOrigin)),
    { messages, targetOrigin },
  );
}

/** Posts every shape of junk to the loader's frame (from the host page) or to the parent (from a frame), then END. */
async function postJunk(from: Page | Frame, to: "widget-frame" | "parent", targetOrigin: string) {
  await from.evaluate(
    ({ to, targetOrigin, end }) => {
      const recipient =
        to === "parent" ? window.parent : document.querySelector("peerdesk-widget")!.shadowRoot!.querySelector("iframe")!.contentWindow!;
      const huge = "x".repeat(1_000_000);
      // Nothing here is a valid message for either side ("ready"/"close" to the loader, "hello"/"open" to
      // the frame); the near misses carry a query, so taking one for real would show in the search box.
      const junk: unknown[] = [
        null, undefined, 0, NaN, true, "close", "open", huge, [], {}, new Date(0), new ArrayBuffer(16),
        [{ peerdesk: 1, type: "close" }], [{ peerdesk: 1, type: "open", query: "junk" }],
        new Map<string, unknown>([["peerdesk", 1], ["type", "close"]]),
        { type: "close" }, { type: "open", query: "junk" }, { peerdesk: "1", type: "close" }, { peerdesk: "1", type: "open", query: "junk" },
        { peerdesk: true, type: "close" }, { peerdesk: true, type: "open", query: "junk" }, { peerdesk: 2, type: "open", query: "junk" },
        { peerdesk: 1 }, { peerdesk: 1, type: null }, { peerdesk: 1, type: 7 }, { peerdesk: 1, type: {} }, { peerdesk: 1, type: ["close"] },
        { peerdesk: 1, type: huge }, { peerdesk: 1, type: "CLOSE" }, { peerdesk: 1, type: "OPEN", query: "junk" },
        { peerdesk: 1, type: "toString" }, { peerdesk: 1, type: "__proto__" }, { peerdesk: 1, type: "constructor", query: huge },
      ];
      for (const message of [...junk, end]) recipient.postMessage(message, targetOrigin);
    },
    { to, targetOrigin, end: END },
  );
}

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

  /** The brand's page with the widget opened from its launcher, once both sides have greeted and the open is counted. */
  async function openWidget() {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const before = counts(allowed.url).open ?? 0;
    await page.goto(allowed.url);
    await page.getByRole("button", { name: "Need help?" }).click();
    const frame = await widgetFrame(page, server.url);
    // The close button shows once the loader's "hello" reached the frame.
    await frame.getByRole("button", { name: "Close help" }).waitFor();
    await expect.poll(() => counts(allowed.url).open).toBe(before + 1);
    return { page, frame, errors, opens: before + 1 };
  }

  it("opens from the launcher, searches, shows an answer, and asks in a new tab prefilled", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const warnings = watchWarnings(page);
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
    expect(await answer.getByText("✓ Solved: the answer that worked").count()).toBe(1);
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

  it("a data-category that names no category: the loader warns once, the widget works without it and asks without it", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const warnings = watchWarnings(page);
    await page.goto(`${allowed.url}/unknown-category`);
    await page.getByRole("button", { name: "Need help?" }).click();
    const frame = await widgetFrame(page, server.url);
    const unknown = (w: string) => w.includes(`data-category="${UNKNOWN_CATEGORY}"`);
    await expect.poll(() => warnings.filter(unknown)).toEqual([
      `Peerdesk: data-category="${UNKNOWN_CATEGORY}" names no category of this community; using the default.`,
    ]);
    const askHref = () =>
      frame.getByRole("link", { name: "Ask the community" }).evaluate((a) => new URL((a as HTMLAnchorElement).href).pathname + new URL((a as HTMLAnchorElement).href).search);
    expect(await askHref()).toBe("/ask");

    // Search, an answer and back (a second "ready"): all without the category, and no second warning.
    await frame.getByRole("searchbox").fill("roaming");
    // SPAIN is among the popular answers too: wait for the search's own results.
    await frame.getByRole("heading", { name: "Answers for “roaming”" }).waitFor();
    await expect.poll(askHref).toBe("/ask?title=roaming");
    await frame.getByRole("link", { name: SPAIN }).click();
    await frame.getByRole("heading", { name: SPAIN }).waitFor();
    expect(frame.url()).not.toContain(UNKNOWN_CATEGORY);
    await frame.getByRole("link", { name: /Back to answers/ }).click();
    await frame.waitForURL(/\/embed\?/);
    await frame.getByRole("button", { name: "Close help" }).waitFor();
    expect(await frame.getByRole("searchbox").inputValue()).toBe("roaming");
    expect(await askHref()).toBe("/ask?title=roaming");
    expect(warnings.filter(unknown)).toHaveLength(1);
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

  it("malformed messages to the loader and to its frame are ignored without an error, and the widget keeps working", async () => {
    const { page, frame, errors, opens } = await openWidget();
    const frameUrl = frame.url();
    await recordMessages(page);
    await recordMessages(frame);

    // To the loader from its own frame (the right origin and source, so only the shape check stands),
    // and to the frame from its parent at the right origin.
    await postJunk(frame, "parent", allowed.url);
    await postJunk(page, "widget-frame", server.url);
    await expect.poll(() => heardEnds(page)).toEqual([server.url]);
    await expect.poll(() => heardEnds(frame)).toEqual([allowed.url]);
    expect(await panelHidden(page)).toBe(false);
    expect(frame.url()).toBe(frameUrl);
    expect(await frame.getByRole("searchbox").inputValue()).toBe("");

    // Still working: a valid "open" with a huge query is cut to 200 characters and searched.
    await postToWidgetFrame(page, [{ peerdesk: 1, type: "open", query: `roaming ${"x".repeat(1_000_000)}` }], server.url);
    await frame.getByRole("link", { name: SPAIN }).waitFor();
    expect(await frame.getByRole("searchbox").inputValue()).toBe(`roaming ${"x".repeat(192)}`);
    await expect.poll(() => counts(allowed.url).open).toBe(opens + 1);
    // The frame's own "close" (Esc inside it) still reaches the loader.
    await frame.getByRole("searchbox").press("Escape");
    await expect.poll(() => panelHidden(page)).toBe(true);
    expect(errors).toEqual([]);
  });

  it("the loader ignores a message that claims to be from its frame but comes from the host page, another origin or another frame", async () => {
    const { page, frame, errors } = await openWidget();
    const elsewhere = await addFrame(page, `${refused.url}/blank`);
    // The community's origin, but not the loader's frame: a second /embed the page framed itself.
    const impostor = await addFrame(page, `${server.url}/embed?o=${encodeURIComponent(allowed.url)}`);
    await recordMessages(page);
    await recordMessages(frame);

    const warnings = watchWarnings(page);
    // A "ready" taken for real would make the loader send its frame a second "hello" (and warn about its category).
    const forged = [{ peerdesk: 1, type: "close" }, { peerdesk: 1, type: "ready", unknownCategory: true }, END];
    for (const sender of [page, elsewhere, impostor]) await postToParent(sender, forged);
    await expect.poll(() => heardEnds(page)).toEqual([allowed.url, refused.url, server.url].sort());
    expect(await panelHidden(page)).toBe(false);
    // Anything the loader sent its frame meanwhile arrives before this.
    await postToWidgetFrame(page, [END], server.url);
    await expect.poll(() => heardEnds(frame)).toEqual([allowed.url]);
    expect((await heard(frame)).map((m) => m.type)).toEqual(["test-end"]);
    expect(warnings.filter((w) => w.includes("data-category"))).toEqual([]);

    // Were its frame to leave the community (the same window, now another origin), it would not be heard either.
    await page.evaluate((url) => {
      document.querySelector("peerdesk-widget")!.shadowRoot!.querySelector("iframe")!.src = url;
    }, `${refused.url}/blank?left`);
    await expect.poll(() => page.frames().some((f) => f.url() === `${refused.url}/blank?left`)).toBe(true);
    const left = page.frames().find((f) => f.url() === `${refused.url}/blank?left`)!;
    await left.waitForLoadState();
    await postToParent(left, [{ peerdesk: 1, type: "close" }, END]);
    await expect.poll(() => heardEnds(page)).toEqual([allowed.url, refused.url, refused.url, server.url].sort());
    expect(await panelHidden(page)).toBe(false);
    // Nor is it told anything: the loader addresses its frame at the community's origin only.
    await recordMessages(left);
    await page.evaluate(() => (window as unknown as { Peerdesk: { open(o: object): void } }).Peerdesk.open({ query: "my account number" }));
    await postToWidgetFrame(page, [END], "*");
    await expect.poll(() => heardEnds(left)).toEqual([allowed.url]);
    expect((await heard(left)).map((m) => m.type)).toEqual(["test-end"]);
    await page.evaluate(() => (window as unknown as { Peerdesk: { close(): void } }).Peerdesk.close());
    expect(await panelHidden(page)).toBe(true);
    expect(errors).toEqual([]);
  });

  it("the frame obeys only its parent, at the origin named in its URL: other frames and a parent on another origin cannot drive it", async () => {
    const embedUrl = (claimed: string) => `${server.url}/embed?o=${encodeURIComponent(claimed)}`;
    const commands = [{ peerdesk: 1, type: "hello" }, { peerdesk: 1, type: "open", query: "roaming" }];
    // Chromium leaves frames inside a shadow root (the loader's) out of window.frames, so no other frame
    // can even reach the loader's; a frame the page puts in its light DOM is reachable by its siblings.
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${allowed.url}/blank`);
    const embed = await addFrame(page, embedUrl(allowed.url));
    const elsewhere = await addFrame(page, `${refused.url}/blank`);
    const sameOrigin = await addFrame(page, `${allowed.url}/blank`);
    await recordMessages(embed);
    for (const sender of [elsewhere, sameOrigin]) {
      // The embed is the page's first frame.
      await sender.evaluate((messages) => messages.forEach((message) => window.parent.frames[0]!.postMessage(message, "*")), [...commands, END]);
    }
    await expect.poll(() => heardEnds(embed)).toEqual([allowed.url, refused.url].sort());
    expect(await embed.getByRole("searchbox").inputValue()).toBe("");
    // "hello" would have shown the close button.
    expect(await embed.getByRole("button", { name: "Close help", includeHidden: true }).isHidden()).toBe(true);

    // The same commands from its parent take effect: the checks, not the commands, stopped the others.
    const opens = counts(allowed.url).open ?? 0;
    await postToFirstFrame(page, commands, server.url);
    await expect.poll(() => embed.getByRole("searchbox").inputValue()).toBe("roaming");
    await embed.getByRole("link", { name: SPAIN }).waitFor();
    expect(await embed.getByRole("button", { name: "Close help" }).isVisible()).toBe(true);
    await expect.poll(() => counts(allowed.url).open).toBe(opens + 1);
    expect(errors).toEqual([]);

    // A parent on another origin than its URL claims: the frame does not listen to it, and what the
    // frame says ("ready" on load, "close" on Esc) goes to the claimed origin only, so the browser drops it.
    const liar = await browser.newPage();
    await liar.goto(`${allowed.url}/blank`);
    await recordMessages(liar);
    const claimed = await addFrame(liar, embedUrl(refused.url));
    await recordMessages(claimed);
    await postToFirstFrame(liar, [...commands, END], server.url);
    await expect.poll(() => heardEnds(claimed)).toEqual([allowed.url]);
    expect(await claimed.getByRole("searchbox").inputValue()).toBe("");
    expect(await claimed.getByRole("button", { name: "Close help", includeHidden: true }).isHidden()).toBe(true);
    await claimed.getByRole("searchbox").press("Escape");
    await postToParent(claimed, [END]);
    await expect.poll(() => heardEnds(liar)).toEqual([server.url]);
    expect((await heard(liar)).map((m) => m.type)).toEqual(["test-end"]);
    expect(counts(refused.url)).toEqual({});
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

  it("an origin that is not allowed never shows the launcher, and the loader says why", async () => {
    const page = await browser.newPage();
    const warnings = watchWarnings(page);
    await page.addInitScript(() => {
      new MutationObserver((records) => {
        const added = records.some((record) => [...record.addedNodes].some((node) => node.nodeName === "PEERDESK-WIDGET"));
        if (added) Object.assign(window, { launcherSeen: true });
      }).observe(document, { childList: true, subtree: true });
    });
    const notAllowed = `Peerdesk: ${refused.url} is not in the widget's allowed origins at ${server.url} (Admin › Widget); the widget is off.`;
    const said = page.waitForEvent("console", { predicate: (message) => message.text() === notAllowed });
    await page.goto(refused.url);
    await said;
    expect(await page.evaluate(() => ({ launcherSeen: "launcherSeen" in window, api: "Peerdesk" in window }))).toEqual({
      launcherSeen: false,
      api: false,
    });
    expect(page.frames()).toHaveLength(1);
    expect(warnings.filter((text) => text.startsWith("Peerdesk:") && !text.includes("data-"))).toEqual([notAllowed]);
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

describe("the help widget while Meilisearch is unreachable, in Chromium", () => {
  const UNAVAILABLE = "Search is briefly unavailable. Please try again in a moment.";
  let server: RunningServer;
  let host: { url: string; close(): Promise<void> };
  let browser: BrowserContext;

  beforeAll(async () => {
    // Nothing listens on this port: the server starts (search catches up later) and every search fails.
    server = await startServer({ MEILI_HOST: `http://127.0.0.1:${await freePort()}` });
    host = await startHost(server.url);
    const db = openDatabase(server.databasePath);
    updateSettings({ db, clock: systemClock }, { widgetOrigins: [host.url] });
    db.$client.close();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await server?.stop();
  });

  it("typing a search says search is briefly unavailable; popular answers and the answer view still work", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(host.url);
    await page.getByRole("button", { name: "Need help?" }).click();
    const frame = await widgetFrame(page, server.url);
    await frame.getByRole("link", { name: ESIM }).waitFor();

    await frame.getByRole("searchbox").fill("roaming");
    // Announced, and shown in place of the results (embed.js swaps both in at once).
    await expect.poll(() => frame.getByRole("status").textContent()).toBe(UNAVAILABLE);
    expect(await frame.locator("#embed-results").textContent()).toContain(UNAVAILABLE);
    expect(await frame.getByRole("link", { name: ESIM }).count()).toBe(0);

    await frame.getByRole("searchbox").fill("");
    await frame.getByRole("link", { name: ESIM }).click();
    await frame.getByRole("heading", { name: ESIM }).waitFor();
    expect(errors).toEqual([]);
  });
});
