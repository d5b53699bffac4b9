import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { importCycles, readImports, type ImportEdge } from "./import-graph";

const { files, edges, packages } = readImports();
const ROOT = path.resolve(import.meta.dirname, "../..");

function reachable(from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const file = stack.pop()!;
    for (const edge of edges) {
      if (edge.from === file && !seen.has(edge.to)) {
        seen.add(edge.to);
        stack.push(edge.to);
      }
    }
  }
  return seen;
}

/** Files under `dirs` that import (directly or through others) a file matching `forbidden`. */
function violations(dirs: string[], forbidden: (file: string) => boolean, { except = [] as string[] } = {}) {
  return files
    .filter((file) => dirs.some((dir) => file.startsWith(dir)) && !except.includes(file))
    .flatMap((file) => [...reachable(file)].filter(forbidden).map((target) => `${file} → ${target}`));
}

const under = (...dirs: string[]) => (file: string) => dirs.some((dir) => file.startsWith(dir));

describe("import arrows point one way (route → service → db/search; domain at the bottom)", () => {
  test("no two files import each other, directly or in a circle", () => {
    expect(importCycles(files, edges)).toEqual([]);
  });

  test("app/domain imports nothing at all, so every layer may import it", () => {
    const imports = edges.filter((edge: ImportEdge) => edge.from.startsWith("app/domain/"));
    const external = [...packages].filter(([file]) => file.startsWith("app/domain/"));
    expect([...imports.map((edge) => `${edge.from} → ${edge.to}`), ...external.map(([file, names]) => `${file} → ${names}`)]).toEqual([]);
  });

  test("components reach no service, schema, job, db or search code, and nothing named .server", () => {
    const serverSide = (file: string) =>
      under("app/services/", "app/schemas/", "app/jobs/", "db/", "search/")(file) || /\.server\.tsx?$/.test(file);
    expect(violations(["app/components/"], serverSide)).toEqual([]);
  });

  test("route modules take no constant from a .server module (the browser build leaves it undefined, so the page differs from the server's)", () => {
    const routes = fs.readdirSync(path.join(ROOT, "app/routes")).map((name) => `app/routes/${name}`).concat("app/root.tsx");
    const found = routes.flatMap((file) =>
      [...fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/import \{([^}]*)\} from "([^"]*\.server)"/g)].flatMap(([, names, from]) =>
        names!.split(",").map((name) => name.trim()).filter((name) => /^[A-Z][A-Z0-9_]+$/.test(name)).map((name) => `${file}: ${name} from ${from}`),
      ),
    );
    expect(found).toEqual([]);
  });

  test("components ship no zod to the browser", () => {
    const withZod = files.filter((file) => packages.get(file)?.some((name) => name === "zod" || name.startsWith("zod/")));
    const fromComponents = files
      .filter((file) => file.startsWith("app/components/"))
      .flatMap((file) => [file, ...reachable(file)].filter((target) => withZod.includes(target)).map((target) => `${file} → ${target}`));
    expect(fromComponents).toEqual([]);
  });

  test("db/ and search/ never reach services, routes, components or jobs (command-line entries excepted)", () => {
    // The commands are composition roots: they build the app's dependencies, as app/server.ts does.
    const except = ["db/migrate.ts", "search/reindex.ts"];
    expect(
      violations(["db/", "search/"], under("app/services/", "app/routes/", "app/components/", "app/jobs/", "app/auth/"), { except }),
    ).toEqual([]);
  });

  test("services never import routes, components or the job scheduler and its handlers", () => {
    expect(violations(["app/services/"], under("app/routes/", "app/components/", "app/jobs/"))).toEqual([]);
  });
});
