// WORKERS=n: the built server as a primary process and n workers sharing the port and the database.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createReply } from "~/services/posts.server";
import { WORKER_HEAP_LIMIT_MB, WORKER_MALLOC_ARENAS } from "~/workers.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps, createTestDepsOn } from "../setup/deps";
import { spawnServer, type ServerProcess } from "../setup/server-process";

const running: ServerProcess[] = [];
afterEach(() => {
  for (const server of running.splice(0)) {
    for (const pid of childrenOf(server.child.pid!)) killQuietly(pid);
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
  }
});

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function killQuietly(pid: number) {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));

/** Polls `check` until it holds; generous, for two cores shared with a full test run. */
async function eventually<T>(what: string, check: () => T | undefined | false, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * GET `url` on a new connection. One handed to a worker in the moment it was killed is lost (refused,
 * reset, or never answered), so it is tried again.
 */
async function status(url: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, { headers: { Connection: "close" }, signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      return response.status;
    } catch (error) {
      if (attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe("WORKERS", { timeout: 300_000 }, () => {
  it("runs two workers on one database that each answer, replaces one that dies, and all stop on SIGTERM", async () => {
    const setup = createTestDeps();
    const asker = await makeUser(setup);
    const helper = await makeUser(setup);
    const thread = ask(setup, asker, makeCategory(setup.db), { title: "Roaming stopped working abroad" });
    setup.db.$client.close();

    // The primary's own environment leaves the workers' memory settings to it.
    const server = await spawnServer({ DATABASE_PATH: setup.file, WORKERS: "2", SEED: "off", MALLOC_ARENA_MAX: "", NODE_OPTIONS: "" });
    running.push(server);
    await server.waitFor("Peerdesk is running at");
    expect(server.output().match(/Peerdesk is running at/g)).toHaveLength(1);
    expect(server.output()).toContain("(2 worker processes)");
    const primary = server.child.pid!;
    const [first, second] = await eventually("two workers", () => childrenOf(primary).length === 2 && childrenOf(primary));
    // Each worker is started with the memory settings that keep its RSS near what it uses (workerRuntime).
    for (const pid of [first!, second!]) {
      expect(fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")).toContain(`MALLOC_ARENA_MAX=${WORKER_MALLOC_ARENAS}`);
      expect(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")).toContain(`--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`);
    }
    const page = `${server.url}/t/${thread.id}/${thread.slug}`;

    // A write by another process on the file shows on every following request, whichever worker answers it.
    const writer = createTestDepsOn(setup.file);
    createReply(writer, helper, thread.id, { body: "Switch data roaming on in Settings." });
    writer.db.$client.close();
    for (let i = 0; i < 4; i++) {
      const response = await fetch(page, { headers: { Connection: "close" }, signal: AbortSignal.timeout(60_000) });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Switch data roaming on in Settings.");
    }

    // With one worker dead the other answers alone; then a new one takes its place.
    process.kill(first!, "SIGKILL");
    await server.waitFor(`(process ${first}) stopped (SIGKILL)`);
    expect(await status(page)).toBe(200);
    const replacement = await eventually("a replacement worker", () => childrenOf(primary).find((pid) => pid !== second));
    expect(replacement).not.toBe(first);
    await server.waitFor(`(process ${replacement}) is serving again.`);

    // And with the other one dead, the replacement answers: each worker serves requests.
    process.kill(second!, "SIGKILL");
    await server.waitFor(`(process ${second}) stopped (SIGKILL)`);
    expect(await status(page)).toBe(200);

    const workers = await eventually("two workers again", () => childrenOf(primary).length === 2 && childrenOf(primary));
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    for (const pid of workers) expect(alive(pid)).toBe(false);
    expect(server.output()).toContain("SIGTERM received");
  });
});
