import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { ROOT } from "./import-graph";

test("routes read a posted body only through readForm, which answers a body that is not a form with a 4xx", () => {
  const routes = path.join(ROOT, "app/routes");
  const direct = fs
    .readdirSync(routes)
    .filter((name) => /\brequest\.(formData|json|text|arrayBuffer|blob)\(/.test(fs.readFileSync(path.join(routes, name), "utf8")));
  expect(direct).toEqual([]);
});
