// The help widget's figures: loader size, loader start → first search result in Chromium on
// loopback, and what an /embed page weighs (the widget ships no React; the site pages do).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { openDatabase } from "@db/client.server";
import { updateSettings } from "~/services/settings.server";
import { systemClock } from "~/utils/clock";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RUNS = 15;
const gz = (body: Buffer | string) => gzipSync(body, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startProductionServer() {
  if (!fs.existsSync(path.join(ROOT, "build/server.js"))) throw new Error("Run `npm run build` first.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peerdesk-widget-bench-"));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const databasePath = path.join(dir, "bench.db");
  const child = spawn(process.execPath, [path.join(ROOT, "build/server.js")], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: url, DATABASE_PATH: databasePath, MAIL_DIR: path.join(dir, "mail"), JOBS: "off", SEED: "on" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  while (!output.includes("Peerdesk is running")) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    databasePath,
    stop: () => new Promise<void>((resolve) => {
      child.once("exit", () => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
      });
      child.kill("SIGTERM");
    }),
  };
}

/** A brand page that starts the loader itself, so the clock starts exactly when the loader is asked for. */
function hostPage(community: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Brand</title></head><body><h1>Brand</h1>
<script>
  window.loaderStart = Date.now();
  var s = document.createElement("script");
  s.src = ${JSON.stringify(`${community}/widget.js`)};
  s.async = true;
  s.onload = function () { Peerdesk.open({ query: "roaming" }); };
  document.body.appendChild(s);
</script></body></html>`;
}

async function fetchGzipped(url: string) {
  const response = await fetch(url, { headers: { "Accept-Encoding": "gzip" } });
  return Buffer.from(await response.arrayBuffer());
}

export default async function widgetBench() {
  const loader = fs.readFileSync(path.join(ROOT, "public/widget.js"));
  const embedScript = fs.readFileSync(path.join(ROOT, "public/embed.js"));
  console.log(`loader public/widget.js: ${kb(loader.length)} raw, ${kb(gz(loader))} gzipped (budget 5 KB)`);

  const server = await startProductionServer();
  const host = http.createServer((req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(hostPage(server.url)));
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  const hostUrl = `http://127.0.0.1:${(host.address() as net.AddressInfo).port}`;
  const db = openDatabase(server.databasePath);
  updateSettings({ db, clock: systemClock }, { widgetOrigins: [hostUrl] });
  db.$client.close();

  // Page weight: the embed's HTML, CSS and JavaScript against a site page that hydrates React.
  const embedHtml = await (await fetch(`${server.url}/embed?c=devices`)).text();
  const assetsOf = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]!);
  const embedCss = assetsOf(embedHtml, /<link rel="stylesheet" href="([^"]+)"/g);
  const embedJs = assetsOf(embedHtml, /<script[^>]* src="([^"]+)"/g);
  const sum = async (urls: string[]) => {
    let total = 0;
    for (const url of urls) total += gz(await fetchGzipped(`${server.url}${url}`));
    return total;
  };
  console.log(
    `/embed page: HTML ${kb(gz(embedHtml))}, CSS ${kb(await sum(embedCss))}, JavaScript ${kb(await sum(embedJs))} gzipped ` +
      `(${embedJs.length} script: ${embedJs.join(", ")}; public/embed.js alone ${kb(gz(embedScript))}; no React hydration)`,
  );
  const homeHtml = await (await fetch(`${server.url}/`)).text();
  const siteJs = [...new Set(assetsOf(homeHtml, /(?:src|href)="(\/build\/[^"]+\.js)"/g))];
  console.log(`for comparison, a hydrated site page ships ${kb(await sum(siteJs))} of JavaScript gzipped (${siteJs.length} files)`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  // Timestamps come from inside the host page (Date.now()), not from polling out here. A first open
  // with a query renders the results in the frame's first page, and the loader shows the frame when
  // it says "ready" (after that page is parsed), so "ready" is when a person sees the first result.
  const measure = async (context: Awaited<ReturnType<typeof browser.newContext>>) => {
    const page = await context.newPage();
    await page.goto(hostUrl);
    await page.waitForFunction(() => (window as unknown as { readyAt?: number }).readyAt);
    const frame = await (await page.waitForSelector("peerdesk-widget >> iframe")).contentFrame();
    if (!frame || !(await frame.$("#embed-results a[href*='q=roaming']"))) throw new Error("the widget showed no result");
    const { started, readyAt } = await page.evaluate(() => ({
      started: (window as unknown as { loaderStart: number }).loaderStart,
      readyAt: (window as unknown as { readyAt: number }).readyAt,
    }));
    await page.close();
    return readyAt - started;
  };
  const newContext = async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      if (window !== window.top) return;
      window.addEventListener("message", (event) => {
        const w = window as unknown as { readyAt?: number };
        if ((event.data as { type?: string } | null)?.type === "ready") w.readyAt ??= Date.now();
      });
    });
    return context;
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await newContext();
    cold.push(await measure(context));
    warm.push(await measure(context));
    await context.close();
  }
  await browser.close();
  host.close();
  await server.stop();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;
  console.log(
    `loader start → first search result in Chromium (loopback, ${RUNS} runs): ` +
      `cold cache median ${median(cold)} ms (p95 ${p95(cold)} ms), warm cache median ${median(warm)} ms (p95 ${p95(warm)} ms); target < 300 ms`,
  );
}
