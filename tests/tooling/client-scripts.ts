import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** One route's entry in the browser manifest Remix writes next to the client build. */
interface ManifestEntry {
  module: string;
  imports?: string[];
  parentId?: string;
}

export interface BrowserManifest {
  url: string;
  entry: ManifestEntry;
  routes: Record<string, ManifestEntry>;
}

export interface ScriptFile {
  url: string;
  raw: number;
  gzip: number;
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
  return { url, ...(JSON.parse(json) as Omit<BrowserManifest, "url">) };
}

/**
 * Every script a browser loads to show `routeId` (opened directly, not navigated to): the manifest
 * itself, the client entry, then each route from the root down to this one, with their shared chunks.
 */
export function scriptsForRoute(manifest: BrowserManifest, routeId: string): string[] {
  const chain: ManifestEntry[] = [];
  for (let id: string | undefined = routeId; id; id = manifest.routes[id]?.parentId) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`the manifest has no route ${id}`);
    chain.unshift(route);
  }
  const urls = [manifest.url, manifest.entry.module, ...(manifest.entry.imports ?? [])];
  for (const route of chain) urls.push(route.module, ...(route.imports ?? []));
  return [...new Set(urls)];
}

export function measureScripts(root: string, urls: string[]): ScriptFile[] {
  return urls.map((url) => {
    const body = fs.readFileSync(path.join(root, "public", url));
    return { url, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
}

export function allClientScripts(root: string): string[] {
  const dir = path.join(root, "public/build");
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".js"))
    .map((name) => `/build/${name.split(path.sep).join("/")}`);
}
