import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { migrateDatabase, openDatabase } from "../../db/client.server";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Once per run: a migrated template database to copy per test, and a fresh production build. */
export default function setup() {
  const tmp = path.join(ROOT, "tests/.tmp", `run-${process.pid}`);
  fs.mkdirSync(tmp, { recursive: true });
  // Workers are started after this and inherit the variable.
  process.env.PEERDESK_TEST_TMP = tmp;
  const db = openDatabase(path.join(tmp, "template.db"));
  migrateDatabase(db);
  db.$client.pragma("journal_mode = DELETE");
  db.$client.close();
  if (process.env.SKIP_BUILD !== "1") {
    // `npm run build`: the Remix build and the bundled server that browser and process tests start.
    execFileSync("npm", ["run", "--silent", "build"], {
      cwd: ROOT,
      stdio: "pipe",
      env: { ...process.env, VITE_CJS_IGNORE_WARNING: "true", NODE_ENV: "production" },
    });
  }
  return () => {
    if (!process.env.KEEP_TEST_FILES) fs.rmSync(tmp, { recursive: true, force: true });
  };
}
