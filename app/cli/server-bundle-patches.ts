// Changes made to four React Router / Remix files as build/server.js bundles them (app/cli/bundle-server.ts).
//
// Issue 14, signed-in pages: every page request matched the URL against the route tree three times
// (Remix's own lookup, the loaders' static handler, React Router's <Routes> while rendering), and
// each time flattened and ranked all ~60 routes and compiled a regular expression per route path
// it tried: ~9 % of a signed-in thread page's CPU. The route tree does not change while the server
// runs, so the ranked branches are kept per routes array, the compiled path patterns per pattern,
// and the two route trees the render built afresh per request (Remix's server routes and React
// Router's data routes made from them) per build, which lets the third match reuse its branches too.
// Even so, trying the branches in turn for each of those matches was ~6 % of that CPU once pages were
// sent whole: the matches found for an address are remembered per routes array. And each loader got two fresh copies of the request (~1.5 %), which an address without a query
// does not need. Only the server bundle is patched: the browser's router grows its tree as it
// discovers routes.
import type { Plugin } from "esbuild";

export interface SourcePatch {
  /** The package file, as its path ends. */
  file: string;
  /** Why, for the error when the text is gone. */
  what: string;
  /** Exact text of the file that is replaced (it must occur exactly once). */
  find: string;
  replace: string;
  /** Declarations added at the end of the file (hoisted functions, so they may be used above). */
  append: string;
}

export const SERVER_BUNDLE_PATCHES: SourcePatch[] = [
  {
    file: "@remix-run/router/dist/router.cjs.js",
    what: "matchRoutes keeps the ranked branches of each routes array",
    find: "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n",
    replace: "  let branches = peerdeskRankedBranches(routes);\n",
    append: `
// Peerdesk (app/cli/server-bundle-patches.ts): branches per routes array; the server's trees never change.
var peerdeskBranchesByRoutes = new WeakMap();
function peerdeskRankedBranches(routes) {
  let branches = peerdeskBranchesByRoutes.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    peerdeskBranchesByRoutes.set(routes, branches);
  }
  return branches;
}
`,
  },
  {
    file: "@remix-run/router/dist/router.cjs.js",
    what: "matchRoutes remembers the matches of the addresses it matched last",
    find: "    matches = matchRouteBranch(branches[i], decoded, allowPartial);\n  }\n  return matches;\n}\n",
    replace: "    matches = peerdeskRememberedMatches(routes, branches, decoded, allowPartial);\n    break;\n  }\n  return matches;\n}\n",
    append: `
// Peerdesk: a page request matches its address four or five times (and each of its ancestors once, for
// the page's part of the route manifest), each time trying branch after branch until one matched. The
// answer depends only on the routes array and the decoded address, so it is remembered per routes array
// for the last 1,000 addresses, and each caller gets its own copies (params shared as the original shares them).
var peerdeskMatchesByRoutes = new WeakMap();
function peerdeskRememberedMatches(routes, branches, decoded, allowPartial) {
  let remembered = peerdeskMatchesByRoutes.get(routes);
  if (!remembered) peerdeskMatchesByRoutes.set(routes, (remembered = new Map()));
  let key = (allowPartial ? "p" : "e") + decoded;
  let matches = remembered.get(key);
  if (matches === undefined) {
    matches = null;
    for (let i = 0; matches == null && i < branches.length; ++i) matches = matchRouteBranch(branches[i], decoded, allowPartial);
    if (remembered.size >= 1000) remembered.clear();
    remembered.set(key, matches);
  }
  if (matches === null) return null;
  let copies = new Map();
  return matches.map((match) => {
    if (!copies.has(match.params)) copies.set(match.params, Object.assign({}, match.params));
    return Object.assign({}, match, { params: copies.get(match.params) });
  });
}
`,
  },
  {
    file: "@remix-run/router/dist/router.cjs.js",
    what: "matchPath keeps each compiled route pattern",
    find: "  let [matcher, compiledParams] = compilePath(pattern.path, pattern.caseSensitive, pattern.end);\n",
    replace: "  let [matcher, compiledParams] = peerdeskCompiledPath(pattern.path, pattern.caseSensitive, pattern.end);\n",
    append: `
// Peerdesk: a pattern's regular expression (no g or y flag, so it keeps no state) and its parameter
// list (only read) are shared by every match; patterns come from route definitions, a bounded few.
var peerdeskCompiledPaths = new Map();
function peerdeskCompiledPath(path, caseSensitive, end) {
  let key = (caseSensitive === true ? "c" : "i") + (end === false ? "p" : "e") + path;
  let compiled = peerdeskCompiledPaths.get(key);
  if (!compiled) {
    if (peerdeskCompiledPaths.size >= 1000) peerdeskCompiledPaths.clear();
    compiled = compilePath(path, caseSensitive, end);
    peerdeskCompiledPaths.set(key, compiled);
  }
  return compiled;
}
`,
  },
  {
    file: "@remix-run/react/dist/server.js",
    what: "RemixServer keeps the server routes it makes from a build's manifest",
    find: "  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);\n",
    replace: "  let routes$1 = peerdeskServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode, routes.createServerRoutes);\n",
    append: `
// Peerdesk: the routes depend only on the manifest, the modules (a new object per request holding the
// build's same modules), the future flags and SPA mode; any difference makes them anew.
var peerdeskServerRoutesByManifest = new WeakMap();
function peerdeskServerRoutes(manifestRoutes, routeModules, future, isSpaMode, create) {
  let kept = peerdeskServerRoutesByManifest.get(manifestRoutes);
  if (kept && kept.future === future && kept.isSpaMode === isSpaMode && Object.keys(manifestRoutes).every((id) => kept.routeModules[id] === routeModules[id])) {
    return kept.routes;
  }
  let made = create(manifestRoutes, routeModules, future, isSpaMode);
  peerdeskServerRoutesByManifest.set(manifestRoutes, { routes: made, routeModules, future, isSpaMode });
  return made;
}
`,
  },
  {
    file: "react-router-dom/server.js",
    what: "createStaticRouter keeps the data routes it makes from a routes array",
    find: "  let manifest = {};\n  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);\n",
    replace: "  let { manifest, dataRoutes } = peerdeskDataRoutes(routes);\n",
    append: `
// Peerdesk: data routes per routes array (RemixServer now passes the same one for a build).
var peerdeskDataRoutesByRoutes = new WeakMap();
function peerdeskDataRoutes(routes) {
  let kept = peerdeskDataRoutesByRoutes.get(routes);
  if (!kept) {
    let manifest = {};
    let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);
    kept = { manifest, dataRoutes };
    peerdeskDataRoutesByRoutes.set(routes, kept);
  }
  return kept;
}
`,
  },
  {
    file: "@remix-run/server-runtime/dist/data.js",
    what: "a loader gets the page's own request when there is no query to strip",
    find: "  let result = await loader({\n    request: singleFetch ? stripRoutesParam(stripIndexParam(request)) : stripDataParam(stripIndexParam(request)),\n",
    replace: "  let result = await loader({\n    request: singleFetch ? peerdeskLoaderRequest(request) : stripDataParam(stripIndexParam(request)),\n",
    append: `
// Peerdesk: each loader got a copy of the request without Remix's own query parameters (index,
// _routes), two new Requests per loader even when the address has no query at all, as most page
// views do; then the copy would be the same request (same address, method, headers and signal).
function peerdeskLoaderRequest(request) {
  if (request.method === "GET" && !request.body && !request.url.includes("?")) return request;
  return stripRoutesParam(stripIndexParam(request));
}
`,
  },
];

/** The file's text with every patch meant for it applied; throws when a patch's text is not there exactly once (the package changed). */
export function patchSource(filePath: string, source: string, patches: SourcePatch[] = SERVER_BUNDLE_PATCHES): string {
  const normalized = filePath.replaceAll("\\", "/");
  let text = source;
  for (const patch of patches.filter((each) => normalized.endsWith(`/node_modules/${each.file}`))) {
    const at = text.indexOf(patch.find);
    if (at === -1 || text.indexOf(patch.find, at + 1) !== -1) {
      throw new Error(`${patch.file}: the text to patch (${patch.what}) is not there exactly once; see app/cli/server-bundle-patches.ts`);
    }
    text = text.slice(0, at) + patch.replace + text.slice(at + patch.find.length) + patch.append;
  }
  return text;
}

/** The esbuild plugin applying SERVER_BUNDLE_PATCHES; fails the build when a patched file was not bundled. */
export function serverBundlePatches(patches: SourcePatch[] = SERVER_BUNDLE_PATCHES): Plugin {
  const files = [...new Set(patches.map((patch) => patch.file))];
  const escaped = files.map((file) => file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  return {
    name: "peerdesk-server-bundle-patches",
    setup(build) {
      const patched = new Set<string>();
      build.onLoad({ filter: new RegExp(`/node_modules/(${escaped.join("|")})$`) }, async (args) => {
        const fs = await import("node:fs/promises");
        const source = await fs.readFile(args.path, "utf8");
        for (const file of files) if (args.path.replaceAll("\\", "/").endsWith(`/node_modules/${file}`)) patched.add(file);
        return { contents: patchSource(args.path, source, patches), loader: "js" };
      });
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        const missing = files.filter((file) => !patched.has(file));
        if (missing.length > 0) throw new Error(`not bundled, so not patched: ${missing.join(", ")} (app/cli/server-bundle-patches.ts)`);
      });
    },
  };
}
