// The planner statistics (sqlite_stat1) are checked by the server once it serves, not before its
// first page (issue 14: cold start), by the primary with WORKERS=n and by the only process otherwise.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps } from "../setup/deps";
import { spawnServer, type ServerProcess } from "../setup/server-process";

const running: ServerProcess[] = [];
afterEach(() => {
  for (const server of running.splice(0)) server.child.kill("SIGTERM");
});

function analyzedTables(file: string): string[] {
  const sqlite = new Database(file, { readonly: true });
  try {
    const hasStats = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
    return hasStats ? (sqlite.prepare("SELECT DISTINCT tbl FROM sqlite_stat1").pluck().all() as string[]) : [];
  } finally {
    sqlite.close();
  }
}

async function eventually(check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function unanalyzedCommunity(): Promise<string> {
  const setup = createTestDeps();
  const asker = await makeUser(setup);
  ask(setup, asker, makeCategory(setup.db), { title: "Voicemail stopped after the update" });
  setup.db.$client.exec("DROP TABLE IF EXISTS sqlite_stat1");
  setup.db.$client.close();
  return setup.file;
}

describe("planner statistics", { timeout: 300_000 }, () => {
  for (const workers of ["1", "2"]) {
    it(`are gathered once the server serves (WORKERS=${workers})`, async () => {
      const file = await unanalyzedCommunity();
      expect(analyzedTables(file)).not.toContain("threads");
      const server = await spawnServer({ DATABASE_PATH: file, WORKERS: workers, SEED: "off" });
      running.push(server);
      await server.waitFor("Peerdesk is running at");
      await eventually(() => analyzedTables(file).includes("threads"));
      expect(analyzedTables(file)).toEqual(expect.arrayContaining(["threads", "posts", "users"]));
    });
  }
});
