import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";
import { beforeEach, expect, vi } from "vitest";
import { openDatabase } from "@db/client.server";
import type { SiteSettings } from "~/schemas/settings.server";
import { updateSettings } from "~/services/settings.server";
import { systemClock } from "~/utils/clock";
import { CHROMIUM, TEMPLATE_DB, TMP } from "../setup/paths";
import { freePort, spawnServer } from "../setup/server-process";

export { freePort };

export interface RunningServer {
  url: string;
  databasePath: string;
  stop(): Promise<void>;
}

/**
 * A browser fills a form in well under the sign-up and ask forms' minimum fill time (3 s), and
 * tests never wait on the wall clock: their servers do not time forms. The timing is proven in
 * tests/services/form-guard.test.ts and tests/routes/anti-spam.test.ts on an injected clock.
 */
const E2E_SETTINGS: Partial<SiteSettings> = { spamMinFillSeconds: 0 };

/** The production server as `npm start` runs it (without rebuilding), on its own database. */
export async function startServer(env: Record<string, string> = {}, settings: Partial<SiteSettings> = {}): Promise<RunningServer> {
  const databasePath = path.join(TMP, `e2e-${randomUUID()}.db`);
  fs.copyFileSync(TEMPLATE_DB, databasePath);
  const db = openDatabase(databasePath);
  updateSettings({ db, clock: systemClock }, { ...E2E_SETTINGS, ...settings });
  db.$client.close();
  const { child, url, waitFor, output } = await spawnServer({ DATABASE_PATH: databasePath, SEED: "on", ...env });
  try {
    await waitFor("Peerdesk is running");
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  serverOutputs.set(url, output);
  child.once("exit", () => serverOutputs.delete(url));
  return {
    url,
    databasePath,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

// axe runs as a script in the page, which a no-JS context cannot do: such contexts get a
// JavaScript-enabled twin where the same rendered markup is checked.
const axeTwins = new WeakMap<BrowserContext, Promise<BrowserContext> | null>();

/**
 * Debian's Chromium, headless, in a fresh profile; `javaScriptEnabled: false` gives the no-JS run,
 * `timezoneId` a reader somewhere else than the machine.
 */
// A browser test fails on what the page shows, not on the clock: on two busy cores (a full run beside
// other work) one test can take minutes where it takes seconds on a quiet machine.
vi.setConfig({ testTimeout: 300_000 });
const ACTION_TIMEOUT_MS = 60_000;

// A browser test that fails once in many full runs must say what the page showed then, and what the
// server printed: the failed assertion alone rarely tells why.
const openContexts = new Set<BrowserContext>();
const serverOutputs = new Map<string, () => string>();
beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    const report: string[] = [];
    for (const context of openContexts) {
      for (const page of context.pages()) {
        const shown = await page.locator("body").innerText({ timeout: 5000 }).catch((error: Error) => `(unreadable: ${error.message})`);
        report.push(`page ${page.url()}:\n${shown.slice(0, 3000)}`);
      }
    }
    for (const [url, output] of serverOutputs) report.push(`server ${url} printed (last 3000 characters):\n${output().slice(-3000)}`);
    if (report.length) console.error(`What the browser showed when the test failed:\n\n${report.join("\n\n")}`);
  });
});

export async function launchBrowser({ javaScriptEnabled = true, timezoneId }: { javaScriptEnabled?: boolean; timezoneId?: string } = {}): Promise<BrowserContext> {
  const context = await openContext(javaScriptEnabled, timezoneId);
  openContexts.add(context);
  context.on("close", () => openContexts.delete(context));
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  if (javaScriptEnabled) {
    const newPage = context.newPage.bind(context);
    context.newPage = async () => actAfterHydration(await newPage());
  }
  if (!javaScriptEnabled) {
    axeTwins.set(context, null);
    context.on("close", () => void axeTwins.get(context)?.then((twin) => twin.close()));
  }
  return context;
}

/**
 * With JavaScript, a page loaded by `goto` is acted on only once React has hydrated it (root.tsx
 * marks <html data-hydrated>). A click in the middle of hydration is a race a person seldom runs but
 * a test on two busy cores often does: react-router 6 can then leave the page on its hydration
 * fallback (an empty <main>) or the click can reach the form before its handlers.
 */
function actAfterHydration(page: Page): Page {
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    // Only Remix documents hydrate; a feed, a sitemap or a JSON answer has nothing to wait for.
    await page.waitForFunction(() => !("__remixContext" in window) || document.documentElement.dataset.hydrated === "true");
    return response;
  };
  return page;
}

function openContext(javaScriptEnabled: boolean, timezoneId?: string): Promise<BrowserContext> {
  const profile = fs.mkdtempSync(path.join(TMP, "chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    javaScriptEnabled,
    timezoneId,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The page to run axe on: the page itself, or its markup loaded into a JavaScript-enabled twin. */
async function axeTarget(page: Page): Promise<{ target: Page; done: () => Promise<void> }> {
  const context = page.context();
  if (!axeTwins.has(context)) return { target: page, done: async () => {} };
  let twin = axeTwins.get(context);
  if (!twin) {
    twin = openContext(true);
    axeTwins.set(context, twin);
  }
  const target = await (await twin).newPage();
  // Same markup and styles, without the app's scripts (they would hydrate against a blank URL).
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<head>/i, `<head><base href="${new URL(page.url()).origin}/">`);
  await target.setContent(html, { waitUntil: "load" });
  return { target, done: () => target.close() };
}

/** Fails the test on any serious or critical axe violation on the current page (JS on or off). */
export async function expectAccessible(page: Page) {
  const { target, done } = await axeTarget(page);
  const results = await new AxeBuilder({ page: target }).analyze().finally(done);
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(serious, `accessibility violations on ${page.url()}`).toEqual([]);
}

// axe-core ships with @axe-core/playwright; read once, injected once per loaded page.
let axeSource: string | undefined;

/**
 * Fails the test on any axe violation, of every impact, on the page as it is now. Unlike
 * expectAccessible, axe is injected only once per loaded page, so a test may change the page in
 * place (screen size, colour scheme) and check it again cheaply. JavaScript-enabled pages only.
 */
export async function expectNoAxeViolations(page: Page, label = page.url()) {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const results = await axe.run({ resultTypes: ["violations"] });
    return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  expect(violations, `accessibility violations on ${label}`).toEqual([]);
}

/** Collects page errors and console errors, so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    // A form answered with 400 (field errors) or 429 is logged by Chromium as a failed load: expected.
    if (message.type() === "error" && !/status of 4(00|09|29)/.test(message.text())) errors.push(message.text());
  });
  return errors;
}
