import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
// What the production server loads at start: its bundle, the chunks it imports (the Meilisearch
// engine's aside) and the Remix build.
const CHUNKS = fs.readdirSync(path.join(ROOT, "build/server-chunks")).map((name) => `build/server-chunks/${name}`);
const BUNDLES = ["build/server.js", "build/index.js", ...CHUNKS.filter((chunk) => !chunk.includes("/meilisearch.server-"))];
// Each is needed for one kind of work, never for the first page, and costs tens to hundreds of
// milliseconds of start-up to load (issue 14: cold start under a second).
const LOADED_ON_FIRST_USE = ["sharp", "nodemailer", "sanitize-html", "@node-rs/argon2", "meilisearch"];

/** The packages a bundle imports statically (`import … from "x"`, `import "x"`), loaded before it runs. */
function staticImports(source: string): Set<string> {
  const found = new Set<string>();
  for (const match of source.matchAll(/^import\s+(?:[^;"']*?\s+from\s+)?["']([^"']+)["']/gms)) found.add(match[1]!);
  return found;
}

describe("the production server's start", () => {
  for (const bundle of BUNDLES) {
    it(`${bundle} loads the heavy dependencies of uploads, mail, Markdown, passwords and Meilisearch only when first used`, () => {
      const source = fs.readFileSync(path.join(ROOT, bundle), "utf8");
      const imports = staticImports(source);
      expect(LOADED_ON_FIRST_USE.filter((name) => imports.has(name))).toEqual([]);
    });
  }

  it("reads the static imports it checks: express, React, zod", () => {
    const imports = new Set(BUNDLES.flatMap((bundle) => [...staticImports(fs.readFileSync(path.join(ROOT, bundle), "utf8"))]));
    expect(["express", "react/jsx-runtime", "zod"].filter((name) => !imports.has(name))).toEqual([]);
  });

  it("still reaches each of them, on first use", () => {
    // The Meilisearch engine is a chunk of its own (esbuild --splitting), imported when first used.
    const sources = ["build/server.js", "build/index.js", ...CHUNKS].map((file) => fs.readFileSync(path.join(ROOT, file), "utf8")).join("\n");
    const loadedLater = (name: string) => sources.includes(`import("${name}")`) || sources.includes(`("${name}")`);
    expect(LOADED_ON_FIRST_USE.filter((name) => name !== "meilisearch" && !loadedLater(name))).toEqual([]);
    expect(sources).toMatch(/import\("\.\/(?:server-chunks\/)?meilisearch\.server-\w+\.js"\)/);
    expect(sources).toContain('from "meilisearch"');
  });
});
