// `npm run bench`: runs every tests/bench/*.bench.ts (or those named on the command line) in turn.
// Each exports a default async function that measures and prints its own figures.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort();

for (const file of files) {
  console.log(`\n== ${file.replace(/\.bench\.ts$/, "")} ==`);
  const started = performance.now();
  const bench = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: () => Promise<void> };
  await bench.default();
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
