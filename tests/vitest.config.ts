import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  root,
  resolve: {
    alias: {
      "~": path.join(root, "app"),
      "@db": path.join(root, "db"),
      "@search": path.join(root, "search"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    // The real-Meilisearch contract run exists only where a server does (see README, Search).
    exclude: [...configDefaults.exclude, ...(process.env.MEILI_HOST ? [] : ["tests/search/meilisearch-real.test.ts"])],
    // In order: a run with browser tests stops at once, with one line, when Chromium is missing.
    globalSetup: ["tests/setup/require-chromium.ts", "tests/setup/global-setup.ts"],
    testTimeout: 60_000,
    // Browser tests poll for what a page shows; on two busy cores a page can take many seconds to
    // settle, so polls wait up to 30 s (they still return as soon as the condition holds). Browser
    // tests also give each test five minutes (tests/e2e/support.ts): a slow machine must not fail them.
    expect: { poll: { timeout: 30_000 } },
    hookTimeout: 300_000,
    // Two cores: run files two at a time; browser tests each start their own server.
    maxWorkers: 2,
    reporters: ["default", "./tests/setup/totals-reporter.ts"],
  },
});
