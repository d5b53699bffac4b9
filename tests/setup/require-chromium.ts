import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { CHROMIUM } from "./paths";
import { totalsLine } from "./totals-reporter";

/** Whether this run holds browser tests (tests/e2e): a run of service tests needs no Chromium. */
function runHasBrowserTests(project: TestProject): boolean {
  // vitest.state is marked experimental; without it, assume the browser tests are in the run.
  const files = project.vitest.state?.getPaths?.() ?? [];
  return files.length === 0 || files.some((file) => /[\\/]e2e[\\/]/.test(file));
}

/**
 * Stops a run that has browser tests when there is no Chromium to drive, with one line that says
 * how to get it, before anything is built: otherwise every browser test file fails in its own way.
 */
export default function requireChromium(project: TestProject) {
  if (!runHasBrowserTests(project)) return;
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
  } catch {
    console.error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH`);
    console.log(totalsLine(0, 1));
    // Thrown, vitest would print a stack and "0 failed" totals; the line above says all there is.
    process.exit(1);
  }
}
