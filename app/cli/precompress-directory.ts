import fs from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { gzipAsync } from "@gfx/zopfli";
import { COMPRESSIBLE, ENCODINGS } from "~/utils/precompressed-assets.server";

// gzip's copies are made by Zopfli: a standard gzip stream ~3 % smaller than zlib's level 9 (the
// React and Remix chunk 84.5 -> 81.9 KB), for ~0.7 s of the build instead of a few ms. Every
// browser that is not sent brotli (Chrome over plain http, older clients, some proxies) gets it.
// More iterations than 5 gained under 0.1 % for twice the time.
const ZOPFLI = { numiterations: 5 };

const COMPRESS: Record<(typeof ENCODINGS)[number]["name"], (body: Buffer) => Promise<Uint8Array>> = {
  br: async (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (body) => gzipAsync(body, ZOPFLI),
};

/**
 * Writes `<file>.br` and `<file>.gz` beside every text asset under `dir`, at the strongest levels:
 * done once per build, so no request spends CPU on it. An encoding that would not save anything is
 * not written. Answers how many files it compressed.
 */
export async function precompressDirectory(dir: string): Promise<number> {
  let count = 0;
  for (const name of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const file = path.join(dir, name);
    if (!COMPRESSIBLE.test(name) || !fs.statSync(file).isFile()) continue;
    const body = fs.readFileSync(file);
    for (const encoding of ENCODINGS) {
      const packed = await COMPRESS[encoding.name](body);
      if (packed.length < body.length) fs.writeFileSync(file + encoding.suffix, packed);
      else fs.rmSync(file + encoding.suffix, { force: true });
    }
    count++;
  }
  return count;
}
