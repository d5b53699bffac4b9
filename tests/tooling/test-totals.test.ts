import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../setup/paths";

const FIXTURES = path.join(ROOT, "tests/tooling/fixtures");
const TOTALS = /^\d+ passed, \d+ failed$/;

/** Runs vitest as `npm test` does, as a child process, on a fixture folder; answers its exit code and plain output. */
function runVitest(fixture: string, { env = {}, filters = [] as string[] } = {}) {
  // This file itself runs inside vitest: its worker variables would confuse the child run.
  const inherited = { ...process.env };
  for (const name of Object.keys(inherited)) if (name.startsWith("VITEST") || name === "TEST") delete inherited[name];
  const args = [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", path.join(FIXTURES, fixture, "vitest.config.ts"), ...filters];
  return new Promise<{ code: number; output: string; totals: string[] }>((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...inherited, NO_COLOR: "1", FORCE_COLOR: "0", ...env }, timeout: 50_000 }, (error, stdout, stderr) => {
      const output = `${stdout}\n${stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, output, totals: stdout.split("\n").filter((line) => TOTALS.test(line)) });
    });
  });
}

describe("the totals line CI reads never claims success for a run that failed", () => {
  it("counts a failed import, a failed beforeAll (its tests skipped), a failed afterAll, a failed suite hook and an unhandled rejection", async () => {
    const run = await runVitest("totals");
    // Passing: 2 in passing, 1 in failing-after-all, 1 in failing-suite-hook, 1 in unhandled-rejection.
    // Failed: the four files above that failed outside any test, and the unhandled rejection.
    expect(run.totals).toEqual(["5 passed, 5 failed"]);
    expect(run.code).toBe(1);
  });

  it("counts a run that failed before any file started (a global setup error) as failed", async () => {
    const run = await runVitest("setup-error");
    expect(run.output).toContain("the build failed");
    expect(run.totals).toEqual(["0 passed, 1 failed"]);
    expect(run.code).toBe(1);
  });

  it("stops a run with browser tests at once when Chromium is missing, with one line saying how to install it", async () => {
    const run = await runVitest("chromium", { env: { CHROMIUM_PATH: "/nonexistent/chromium" } });
    expect(run.code).toBe(1);
    expect(run.output).toContain("Chromium not found at /nonexistent/chromium: install it with `apt-get install -y chromium` or set CHROMIUM_PATH");
    expect(run.totals).toEqual(["0 passed, 1 failed"]);
    expect(run.output).not.toMatch(/a rule holds|a page opens|Unhandled Error/);
  });

  it("runs tests that need no browser without Chromium, and all of them with it", async () => {
    const withoutBrowserTests = await runVitest("chromium", { env: { CHROMIUM_PATH: "/nonexistent/chromium" }, filters: ["unit.fixture"] });
    expect(withoutBrowserTests.totals).toEqual(["1 passed, 0 failed"]);
    expect(withoutBrowserTests.code).toBe(0);
    // Any executable file stands in for Chromium: the check runs before a browser is ever launched.
    const withChromium = await runVitest("chromium", { env: { CHROMIUM_PATH: process.execPath } });
    expect(withChromium.totals).toEqual(["2 passed, 0 failed"]);
    expect(withChromium.code).toBe(0);
  });
});
