import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
// What the production server loads at start: its bundle, the chunks it imports (the Meilisearch
// engine's aside) and the Remix build bundled beside it (app/cli/bundle-server.ts).
const CHUNKS = fs.readdirSync(path.join(ROOT, "build/server-chunks")).map((name) => `build/server-chunks/${name}`);
const BUNDLES = ["build/server.js", "build/server-build.js", ...CHUNKS.filter((chunk) => !chunk.includes("/meilisearch.server-"))];
// Each is needed for one kind of work, never for the first page, and costs tens to hundreds of
// milliseconds of start-up to load (issue 14: cold start under a second).
const LOADED_ON_FIRST_USE = ["sharp", "nodemailer", "sanitize-html", "@node-rs/argon2", "meilisearch"];
// Native addons cannot be bundled: the only packages the start loads from node_modules.
const NATIVE_AT_START = ["better-sqlite3"];

/**
 * The modules a bundle imports statically (`import … from "x"`, `import "x"`), loaded before it runs;
 * minified (`import{a as b}from"x"`) or not. Not `import("x")` nor `import.meta`.
 */
function staticImports(source: string): Set<string> {
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:^|[;}])\s*import\s*(?:[\w$*{},\s]*?\s*from\s*)?["']([^"']+)["']/gm)) found.add(match[1]!);
  return found;
}

const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

describe("the production server's start", () => {
  for (const bundle of BUNDLES) {
    it(`${bundle} loads the heavy dependencies of uploads, mail, Markdown, passwords and Meilisearch only when first used`, () => {
      const source = fs.readFileSync(path.join(ROOT, bundle), "utf8");
      const imports = staticImports(source);
      expect(LOADED_ON_FIRST_USE.filter((name) => imports.has(name))).toEqual([]);
    });
  }

  it("bundles the pure-JS packages it starts with: express, React, Remix, zod, drizzle are no files of node_modules to load", () => {
    const imports = new Set(BUNDLES.flatMap((bundle) => [...staticImports(fs.readFileSync(path.join(ROOT, bundle), "utf8"))]));
    const fromNodeModules = [...imports].filter((name) => !name.startsWith("node:") && !name.startsWith("./")).map(packageOf);
    expect([...new Set(fromNodeModules)].sort()).toEqual(NATIVE_AT_START);
    // The reader finds what it looks for: the bundle's own chunks and Node's built-ins.
    expect([...imports].filter((name) => name === "node:cluster" || name.startsWith("./server-chunks/")).length).toBeGreaterThan(1);
  });

  it("serves the Remix build bundled beside it, with one copy of React and of the Remix runtime", () => {
    const serveChunk = CHUNKS.find((chunk) => chunk.includes("/serve.server-"))!;
    expect(fs.readFileSync(path.join(ROOT, serveChunk), "utf8")).toContain('"build/server-build.js"');
    const metafile = JSON.parse(fs.readFileSync(path.join(ROOT, "build/metafile.bundle.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    // Each module of a package is in one file that both import: one React, one Remix runtime.
    const filesHolding = new Map<string, number>();
    for (const output of Object.values(metafile.outputs)) {
      for (const input of Object.keys(output.inputs)) if (input.includes("node_modules/")) filesHolding.set(input, (filesHolding.get(input) ?? 0) + 1);
    }
    expect([...filesHolding].filter(([, count]) => count > 1)).toEqual([]);
    for (const pkg of ["react", "@remix-run/server-runtime", "@remix-run/react", "express", "zod"]) {
      expect([...filesHolding.keys()].some((input) => input.includes(`node_modules/${pkg}/`)), pkg).toBe(true);
    }
  });

  it("loads in a worker, before its first page, neither the demo community nor the jobs", () => {
    const metafile = JSON.parse(fs.readFileSync(path.join(ROOT, "build/metafile.bundle.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }>;
    };
    // What a worker's start imports statically: the serving code and the Remix build, and their chunks.
    const serveChunk = Object.keys(metafile.outputs).find((output) => output.includes("/serve.server-"))!;
    const loaded = new Set<string>();
    const visit = (output: string) => {
      if (loaded.has(output)) return;
      loaded.add(output);
      for (const imported of metafile.outputs[output]!.imports) if (!imported.external && imported.kind === "import-statement") visit(imported.path);
    };
    visit(serveChunk);
    visit("build/server-build.js");
    const inputs = [...loaded].flatMap((output) => Object.keys(metafile.outputs[output]!.inputs));
    expect(inputs.filter((input) => /(^|\/)db\/seed|(^|\/)app\/jobs\/|(^|\/)app\/prepare\.server/.test(input))).toEqual([]);
    // The walk reaches what serves pages.
    expect(inputs.some((input) => input.endsWith("app/express-app.server.ts"))).toBe(true);
  });

  it("still reaches each of them, on first use", () => {
    // The Meilisearch engine is a chunk of its own (esbuild --splitting), imported when first used.
    const sources = ["build/server.js", "build/server-build.js", ...CHUNKS].map((file) => fs.readFileSync(path.join(ROOT, file), "utf8")).join("\n");
    const loadedLater = (name: string) => sources.includes(`import("${name}")`) || sources.includes(`("${name}")`);
    expect(LOADED_ON_FIRST_USE.filter((name) => name !== "meilisearch" && !loadedLater(name))).toEqual([]);
    expect(sources).toMatch(/import\("\.\/(?:server-chunks\/)?meilisearch\.server-\w+\.js"\)/);
    const meilisearch = CHUNKS.find((chunk) => chunk.includes("/meilisearch.server-"))!;
    expect(staticImports(fs.readFileSync(path.join(ROOT, meilisearch), "utf8"))).toContain("meilisearch");
  });
});
