// Reads the project's own import statements (static, dynamic and re-exports) into a graph of
// files, so tests can check which way the arrows point.
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE_DIRS = ["app", "db", "search"];
const EXTENSIONS = [".ts", ".tsx", ".js"];
const IMPORT = /(?:^|[^.\w])(?:import|export)\s(?:[^"'`;]*?\sfrom\s)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const ALIASES: Record<string, string> = { "~/": "app/", "@db/": "db/", "@search/": "search/" };

function listFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "migrations" ? [] : listFiles(rel);
    return EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith(".d.ts") ? [rel] : [];
  });
}

function resolve(from: string, specifier: string): string | null {
  let target: string | null = null;
  for (const [alias, dir] of Object.entries(ALIASES)) {
    if (specifier.startsWith(alias)) target = dir + specifier.slice(alias.length);
  }
  if (specifier.startsWith(".")) target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  if (!target) return null; // a package
  for (const candidate of [target, ...EXTENSIONS.map((ext) => target + ext), ...EXTENSIONS.map((ext) => `${target}/index${ext}`)]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  return target;
}

export interface ImportEdge {
  from: string;
  to: string;
  specifier: string;
  typeOnly: boolean;
}

/** Every import between the project's files, and every package a file imports. */
export function readImports(): { files: string[]; edges: ImportEdge[]; packages: Map<string, string[]> } {
  const files = SOURCE_DIRS.flatMap(listFiles);
  const edges: ImportEdge[] = [];
  const packages = new Map<string, string[]>();
  for (const file of files) {
    // Comments may mention imports; drop them before matching.
    const source = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, "$1");
    for (const match of source.matchAll(IMPORT)) {
      const specifier = (match[1] ?? match[2])!;
      const resolved = resolve(file, specifier);
      if (resolved) {
        edges.push({ from: file, to: resolved, specifier, typeOnly: /^\s*(?:import|export)\s+type\s/.test(match[0].replace(/^[^ie]*/, "")) });
      } else {
        packages.set(file, [...(packages.get(file) ?? []), specifier]);
      }
    }
  }
  return { files, edges, packages };
}

/** Groups of files that import each other in a circle (Tarjan's strongly connected components). */
export function importCycles(files: string[], edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>(files.map((file) => [file, []]));
  for (const edge of edges) next.get(edge.from)?.push(edge.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== file);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return cycles;
}
