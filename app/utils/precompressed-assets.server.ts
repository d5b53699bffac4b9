import fs from "node:fs";
import path from "node:path";
import type { NextFunction, Request, Response } from "express";

/** The encodings written next to each build asset (app/cli/precompress-directory.ts), in the order we prefer to send them. */
export const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;

export const COMPRESSIBLE = /\.(js|css|svg|json|map|txt)$/;
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the precompressed copy of a fingerprinted asset under `dir` when the client accepts its
 * encoding, with the original's Content-Type; anything else falls through to express.static (and
 * on-the-fly compression). The answer varies with Accept-Encoding whenever a copy exists.
 */
export function precompressedAssets(dir: string) {
  const root = path.resolve(dir);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep) || !COMPRESSIBLE.test(file)) return next();
    const available = ENCODINGS.filter((encoding) => fs.existsSync(file + encoding.suffix));
    if (!available.length) return next();
    res.vary("Accept-Encoding");
    // Ours, not the client's, order: browsers list gzip before br with the same weight.
    const chosen = available.find((encoding) => req.acceptsEncodings(encoding.name) === encoding.name);
    if (!chosen) return next();
    res.setHeader("Content-Encoding", chosen.name);
    res.type(path.extname(file));
    res.sendFile(file + chosen.suffix, { headers: { "Cache-Control": IMMUTABLE }, cacheControl: false }, (error) => {
      if (error) next(error);
    });
  };
}
