// Part of `npm run build`, after `remix build`: bundles the production server (app/server.ts) and
// the Remix build (build/index.js) together, with the pure-JS packages they use, into build/server.js,
// build/server-build.js and their shared chunks (build/server-chunks/).
//
// Issue 14, cold start: loading ~200 files from node_modules through Node's ESM and CommonJS
// loaders (resolving, reading, lexing CommonJS exports, linking) was most of a worker's start;
// a few large minified files cut its CPU before the first page from ~830 to ~530 ms (primary:
// ~360 to ~220 ms). One esbuild run with both entries shares each package between them: one
// React, one Remix runtime, as when both imported them from node_modules.
// build/index.js stays Remix's own output, which `npm run dev` and the in-process tests import.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { serverBundlePatches } from "./server-bundle-patches";

// The Remix build as bundled here, relative to the working directory: app/serve.server.ts imports it.
const BUNDLED_REMIX_BUILD = "build/server-build.js";

// Left to node_modules, imported (or required) at run time:
const EXTERNAL = [
  // native addons, which cannot be bundled;
  "better-sqlite3",
  "sharp",
  "@node-rs/argon2",
  // loaded on first use only (mail, Markdown's sanitizer, Meilisearch; sharp and argon2 too), so
  // no start parses them (tests/architecture/lazy-dependencies.test.ts);
  "nodemailer",
  "sanitize-html",
  "meilisearch",
  // @remix-run/node's fetch polyfills for old Node versions, required only by installGlobals(),
  // which Peerdesk never calls (Node 20 has fetch): 1 MB nobody needs to parse.
  "undici",
  "@remix-run/web-fetch",
  "web-streams-polyfill",
];

async function main() {
  const outdir = path.resolve("build");
  const chunks = path.join(outdir, "server-chunks");
  fs.rmSync(chunks, { recursive: true, force: true });
  const result = await build({
    entryPoints: { server: "app/server.ts", "server-build": "build/index.js" },
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node20",
    splitting: true,
    outdir,
    chunkNames: "server-chunks/[name]-[hash]",
    external: EXTERNAL,
    // The bundled CommonJS packages require Node's built-ins (and the external packages); ESM has no
    // `require`, so each file makes its own.
    banner: { js: 'import { createRequire as __peerdeskCreateRequire } from "node:module"; const require = __peerdeskCreateRequire(import.meta.url);' },
    define: { BUNDLED_REMIX_BUILD: JSON.stringify(BUNDLED_REMIX_BUILD) },
    logLevel: "warning",
    metafile: true,
    // Issue 14: React Router and Remix kept from redoing per request what never changes on the server.
    plugins: [serverBundlePatches()],
  });
  // Which package went into which file (tests/architecture/lazy-dependencies.test.ts reads it).
  fs.writeFileSync(path.join(outdir, "metafile.bundle.json"), JSON.stringify(result.metafile));
}

await main();
