// Part of `npm run build`: writes brotli and gzip (Zopfli) copies of the browser build (public/build), which
// the server sends as they are to clients that accept them.
import path from "node:path";
import { precompressDirectory } from "./precompress-directory";

const dir = path.resolve(process.argv[2] ?? "public/build");
const count = await precompressDirectory(dir);
console.log(`Precompressed ${count} files in ${path.relative(process.cwd(), dir) || dir}`);
