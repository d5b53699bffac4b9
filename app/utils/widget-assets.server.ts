import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import express, { type Request, type Response } from "express";

/** The hand-written scripts of the widget, served from public/ under stable names. */
export const WIDGET_ASSETS = ["widget.js", "embed.js"] as const;
type WidgetAsset = (typeof WIDGET_ASSETS)[number];

// A brand pastes /widget.js once and never edits its page again, so the stable URL must pick up
// new releases within minutes; ?v=<hash> URLs (what our own pages use) never change, so they are
// cached for a year. A stale ?v= still gets the current file, just with the short lifetime.
const STABLE_CACHE = "public, max-age=300, stale-while-revalidate=86400";
const PINNED_CACHE = "public, max-age=31536000, immutable";

interface Loaded {
  body: Buffer;
  hash: string;
}

const cache = new Map<string, Loaded>();

function load(publicDir: string, name: WidgetAsset, fresh: boolean): Loaded {
  const file = path.join(publicDir, name);
  const cached = cache.get(file);
  if (cached && !fresh) return cached;
  const body = fs.readFileSync(file);
  const loaded = { body, hash: createHash("sha256").update(body).digest("hex").slice(0, 12) };
  cache.set(file, loaded);
  return loaded;
}

/** "/embed.js?v=<content hash>" — the address our own pages use, cached for a year. */
export function versionedAssetUrl(name: WidgetAsset, publicDir = path.resolve("public")): string {
  return `/${name}?v=${load(publicDir, name, false).hash}`;
}

/** Serves the widget scripts with an ETag of their content and the caching rules above. */
export function widgetAssetRouter(publicDir: string, { reload = false } = {}): express.Router {
  const router = express.Router();
  for (const name of WIDGET_ASSETS) {
    router.get(`/${name}`, (req: Request, res: Response) => {
      const { body, hash } = load(publicDir, name, reload);
      res.setHeader("Content-Type", "text/javascript; charset=utf-8");
      res.setHeader("Cache-Control", req.query.v === hash ? PINNED_CACHE : STABLE_CACHE);
      res.setHeader("ETag", `"${hash}"`);
      res.setHeader("X-Content-Type-Options", "nosniff");
      // Brand pages may isolate themselves (COEP) and may pin the file with Subresource Integrity.
      res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
      res.setHeader("Access-Control-Allow-Origin", "*");
      if (req.fresh) return void res.status(304).end();
      res.send(body);
    });
  }
  return router;
}
