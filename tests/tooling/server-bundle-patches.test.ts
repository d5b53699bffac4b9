import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { patchSource, SERVER_BUNDLE_PATCHES } from "~/cli/server-bundle-patches";

const ROOT = path.resolve(import.meta.dirname, "../..");
const packageFile = (file: string) => path.join(ROOT, "node_modules", file);
const require = createRequire(import.meta.url);

/** A CommonJS file's exports, evaluated from `source` (its requires resolved beside the real file). */
function evaluate(file: string, source: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const localRequire = createRequire(file);
  new Function("module", "exports", "require", source)(module, module.exports, localRequire);
  return module.exports;
}

type MatchRoutes = (routes: unknown[], location: string) => { route: { id: string }; params: Record<string, string>; pathname: string }[] | null;

// Remix's route tree in miniature: a root layout, index, static, dynamic, splat and nested routes.
const tree = () => [
  {
    id: "root",
    path: "",
    children: [
      { id: "index", index: true },
      { id: "thread", path: "t/:id/:slug" },
      { id: "thread-index", path: "t/:id", index: true },
      { id: "search", path: "search" },
      { id: "admin", path: "admin", children: [{ id: "admin-index", index: true }, { id: "admin-users", path: "users" }] },
      { id: "feed", path: "feeds/latest.atom" },
      { id: "splat", path: "*" },
    ],
  },
];

describe("the server bundle's patches (app/cli/server-bundle-patches.ts)", () => {
  it("each finds its text exactly once in the installed package, so an upgrade that moves it fails here and in the build", () => {
    for (const patch of SERVER_BUNDLE_PATCHES) {
      const file = packageFile(patch.file);
      const source = fs.readFileSync(file, "utf8");
      expect(source.split(patch.find).length - 1, `${patch.file}: ${patch.what}`).toBe(1);
      expect(() => patchSource(file, source)).not.toThrow();
    }
  });

  it("refuses a file whose text to patch is missing", () => {
    const file = packageFile("@remix-run/router/dist/router.cjs.js");
    expect(() => patchSource(file, "// nothing to patch here")).toThrow(/not there exactly once/);
  });

  it("leaves matchRoutes' answers as they were, call after call, for the same and for different route trees", () => {
    const file = require.resolve("@remix-run/router/dist/router.cjs.js");
    const source = fs.readFileSync(file, "utf8");
    const original = evaluate(file, source).matchRoutes as MatchRoutes;
    const patched = evaluate(file, patchSource(file, source)).matchRoutes as MatchRoutes;
    const paths = ["/", "/t/12/a-slug", "/t/12", "/T/12/Case", "/search", "/admin", "/admin/users", "/admin/nope", "/feeds/latest.atom", "/x/y", "/t/%E2%9C%93/s"];
    const summary = (matches: ReturnType<MatchRoutes>) => matches?.map(({ route, params, pathname }) => ({ id: route.id, params: { ...params }, pathname })) ?? null;
    const shared = tree();
    for (let round = 0; round < 3; round++) {
      for (const p of paths) {
        expect(summary(patched(shared, p)), p).toEqual(summary(original(tree(), p)));
        // A tree made anew (another array) gets its own branches: its own route objects in the matches.
        const fresh = tree();
        expect(patched(fresh, p)?.at(-1)?.route).toBe(original(fresh, p)?.at(-1)?.route);
      }
    }
  });

  it("remembers an address's matches without handing out what a caller could change for the next", () => {
    const file = require.resolve("@remix-run/router/dist/router.cjs.js");
    const patched = evaluate(file, patchSource(file, fs.readFileSync(file, "utf8"))).matchRoutes as MatchRoutes;
    const shared = tree();
    const first = patched(shared, "/t/12/a-slug")!;
    // As the original does, the matches of one answer share one params object.
    expect(first[0]!.params).toBe(first[1]!.params);
    first[1]!.params.id = "changed";
    first[1]!.pathname = "/changed";
    first.pop();
    const again = patched(shared, "/t/12/a-slug")!;
    expect(again.map(({ route, params, pathname }) => ({ id: route.id, params: { ...params }, pathname }))).toEqual([
      { id: "root", params: { id: "12", slug: "a-slug" }, pathname: "/" },
      { id: "thread", params: { id: "12", slug: "a-slug" }, pathname: "/t/12/a-slug" },
    ]);
    expect(again[1]!.params).not.toBe(first[0]!.params);
    // An address no route matches is remembered as such.
    expect(patched([{ id: "only", path: "only" }], "/other")).toBeNull();
    // Past 1,000 addresses it starts over, still answering right.
    for (let n = 0; n < 1_500; n++) expect(patched(shared, `/t/${n}/s`)!.at(-1)!.params.id).toBe(String(n));
  });

  it("gives a loader the page's own request when its address has no query, and one without Remix's parameters otherwise", async () => {
    const file = require.resolve("@remix-run/server-runtime/dist/data.js");
    const { callRouteLoader } = evaluate(file, patchSource(file, fs.readFileSync(file, "utf8"))) as {
      callRouteLoader: (args: Record<string, unknown>) => Promise<unknown>;
    };
    const seen = async (request: Request) => {
      let got: Request | undefined;
      await callRouteLoader({ loadContext: {}, params: {}, routeId: "r", singleFetch: true, request, loader: ({ request: r }: { request: Request }) => ((got = r), null) });
      return got!;
    };
    const plain = new Request("http://x.test/t/1/a");
    expect(await seen(plain)).toBe(plain);
    const queried = await seen(new Request("http://x.test/?index&_routes=root&page=2"));
    expect(queried.url).toBe("http://x.test/?page=2");
    const post = new Request("http://x.test/t/1/a", { method: "POST", body: "a=1" });
    expect((await seen(post)).url).toBe("http://x.test/t/1/a");
  });
});
