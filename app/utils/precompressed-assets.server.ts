import fs from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { NextFunction, Request, Response } from "express";

/** The encodings written next to each build asset, in the order we prefer to send them. */
const ENCODINGS = [
  { name: "br", suffix: ".br", compress: (body: Buffer) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) },
  { name: "gzip", suffix: ".gz", compress: (body: Buffer) => gzipSync(body, { level: 9 }) },
] as const;

const COMPRESSIBLE = /\.(js|css|svg|json|map|txt)$/;
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Writes `<file>.br` and `<file>.gz` beside every text asset under `dir`, at the strongest levels:
 * done once per build, so no request spends CPU on it. An encoding that would not save anything is
 * not written. Answers how many files it compressed.
 */
export function precompressDirectory(dir: string): number {
  let count = 0;
  for (const name of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const file = path.join(dir, name);
    if (!COMPRESSIBLE.test(name) || !fs.statSync(file).isFile()) continue;
    const body = fs.readFileSync(file);
    for (const encoding of ENCODINGS) {
      const packed = encoding.compress(body);
      if (packed.length < body.length) fs.writeFileSync(file + encoding.suffix, packed);
      else fs.rmSync(file + encoding.suffix, { force: true });
    }
    count++;
  }
  return count;
}

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
