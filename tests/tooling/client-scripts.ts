import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { matchRoutes } from "@remix-run/react";

/** One route's entry in the browser manifest Remix writes next to the client build. */
interface ManifestEntry {
  id: string;
  module: string;
  imports?: string[];
  parentId?: string;
  path?: string;
  index?: boolean;
}

export interface BrowserManifest {
  url: string;
  version: string;
  entry: Omit<ManifestEntry, "id">;
  routes: Record<string, ManifestEntry>;
  /**
   * Remix's `v3_lazyRouteDiscovery`: the page carries only its own routes' part of the manifest,
   * inline, instead of loading the manifest of every route (fetched route by route on navigation).
   */
  lazyRouteDiscovery: boolean;
}

/** A script the page loads: a file under public/, or text the HTML carries inline. */
export type PageScript = { url: string } | { inline: string; text: string };

export interface ScriptFile {
  url: string;
  raw: number;
  /** As served gzipped. */
  gzip: number;
  /** zlib's level 9, for comparison. */
  gzipLevel9: number;
}

/**
 * The browser manifest of the build in `root` (build/ and public/build/ as `npm run build` leaves
 * them). The server build names the manifest it serves: older manifests may still lie in public/build.
 */
export function readBrowserManifest(root: string): BrowserManifest {
  const serverBuild = fs.readFileSync(path.join(root, "build/index.js"), "utf8");
  const url = /"(\/build\/manifest-[A-Z0-9]+\.js)"/.exec(serverBuild)?.[1];
  if (!url) throw new Error("build/index.js names no browser manifest: run `npm run build`");
  const text = fs.readFileSync(path.join(root, "public", url), "utf8");
  const json = text.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "");
  const lazyRouteDiscovery = /v3_lazyRouteDiscovery:\s*(?:!0|true)/.test(serverBuild);
  return { ...(JSON.parse(json) as Omit<BrowserManifest, "lazyRouteDiscovery">), url, lazyRouteDiscovery };
}

interface RouteNode {
  id: string;
  path?: string;
  index?: boolean;
  children?: RouteNode[];
}

function routeTree(manifest: BrowserManifest, parentId?: string): RouteNode[] {
  return Object.values(manifest.routes)
    .filter((route) => route.parentId === parentId)
    .map(({ id, path, index }) => ({ id, path, index, children: index ? undefined : routeTree(manifest, id) }));
}

function matchedIds(tree: RouteNode[], pathname: string): string[] {
  return (matchRoutes(tree as Parameters<typeof matchRoutes>[0], pathname) ?? []).map((match) => match.route.id!);
}

/**
 * Every script a browser loads to show `pathname` (opened directly, not navigated to), as Remix's
 * <Scripts> lists them: the manifest (its file, or the page's part of it inline, built as Remix's
 * getPartialManifest builds it), the client entry, then each matched route from the root down, with
 * their shared chunks.
 */
export function scriptsForPage(manifest: BrowserManifest, pathname: string): PageScript[] {
  const tree = routeTree(manifest);
  const matched = matchedIds(tree, pathname);
  if (matched.length === 0) throw new Error(`no route matches ${pathname}`);
  const urls = [manifest.entry.module, ...(manifest.entry.imports ?? [])];
  for (const id of matched) urls.push(manifest.routes[id]!.module, ...(manifest.routes[id]!.imports ?? []));
  const files = [...new Set(urls)].map((url) => ({ url }));
  if (!manifest.lazyRouteDiscovery) return [{ url: manifest.url }, ...files];
  // The routes of every ancestor path ride along (in Remix's order: the root, then the longest
  // first), so that Remix can tell an index route from a missing one without asking the server.
  const segments = pathname.split("/").filter(Boolean);
  const ancestors = ["/", ...segments.slice(1).map((_, n) => `/${segments.slice(0, segments.length - 1 - n).join("/")}`)];
  const ids = new Set([...matched, ...ancestors.flatMap((ancestor) => matchedIds(tree, ancestor))]);
  const { lazyRouteDiscovery: _, ...served } = manifest;
  const partial = { ...served, routes: Object.fromEntries([...ids].map((id) => [id, manifest.routes[id]])) };
  return [{ inline: "window.__remixManifest", text: `window.__remixManifest = ${JSON.stringify(partial, null, 2)};` }, ...files];
}

/** The id of the deepest route that serves `pathname`. */
export function routeAt(manifest: BrowserManifest, pathname: string): string | undefined {
  return matchedIds(routeTree(manifest), pathname).at(-1);
}

/**
 * Each script's size as it is sent to a browser that accepts gzip: the build's precompressed copy
 * (Zopfli, app/cli/precompress-directory.ts) when there is one, else zlib's level 9 (the inline
 * manifest travels inside the page's HTML, compressed with it; counted here on its own).
 */
export function measureScripts(root: string, scripts: PageScript[]): ScriptFile[] {
  return scripts.map((script) => {
    const url = "url" in script ? script.url : `(inline in the HTML) ${script.inline}`;
    const file = "url" in script ? path.join(root, "public", script.url) : undefined;
    const body = file ? fs.readFileSync(file) : Buffer.from((script as { text: string }).text);
    const gzip = file && fs.existsSync(`${file}.gz`) ? fs.statSync(`${file}.gz`).size : gzipSync(body, { level: 9 }).length;
    return { url, raw: body.length, gzip, gzipLevel9: gzipSync(body, { level: 9 }).length };
  });
}

export function allClientScripts(root: string): string[] {
  const dir = path.join(root, "public/build");
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".js"))
    .map((name) => `/build/${name.split(path.sep).join("/")}`);
}
