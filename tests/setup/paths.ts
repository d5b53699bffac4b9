import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
// Each run works in its own folder (set by global-setup), so runs in parallel never share files.
export const TMP = process.env.PEERDESK_TEST_TMP ?? path.join(ROOT, "tests/.tmp/default");
export const TEMPLATE_DB = path.join(TMP, "template.db");
export const BUILD_INDEX = path.join(ROOT, "build/index.js");
/** Debian's Chromium drives the browser tests; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
