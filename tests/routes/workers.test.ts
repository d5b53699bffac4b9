// WORKERS=n: the built server as a primary process and n workers sharing the port and the database.
import fs from "node:fs";
import http from "node:http";
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

/** How many established TCP connections on `port` the process `pid` holds open (from /proc). */
function connectionsHeldBy(pid: number, port: number): number {
  const established = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, "utf8").trim().split("\n").slice(1)) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state === "01" && parseInt(local!.split(":")[1]!, 16) === port) established.add(inode!);
    }
  }
  return fs
    .readdirSync(`/proc/${pid}/fd`)
    .map((fd) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return "";
      }
    })
    .filter((link) => established.has(/^socket:\[(\d+)\]$/.exec(link)?.[1] ?? "")).length;
}

/** Opens `count` connections at once, each kept alive after one answered request. */
async function openConnections(url: string, count: number): Promise<http.Agent> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: count });
  await Promise.all(
    Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
      http.get(`${url}/healthcheck`, { agent }, (response) => {
        response.resume();
        response.on("end", () => (response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
      }).on("error", reject);
    })),
  );
  return agent;
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

    // Connections opened at once are dealt to the workers in turn, not to whichever is quickest to take
    // them (node:cluster's way: seven of eight writers' connections went to one worker).
    const port = Number(new URL(server.url).port);
    const before = [first!, second!].map((pid) => connectionsHeldBy(pid, port));
    const agent = await openConnections(server.url, 8);
    expect([first!, second!].map((pid, i) => connectionsHeldBy(pid, port) - before[i]!)).toEqual([4, 4]);
    // A worker whose connections have all closed listens on nothing itself: it must keep running.
    agent.destroy();
    await eventually("the connections closed", () => [first!, second!].every((pid, i) => connectionsHeldBy(pid, port) === before[i]));
    (await openConnections(server.url, 4)).destroy();
    expect(server.output()).not.toContain("stopped");
    expect(childrenOf(primary).sort()).toEqual([first!, second!].sort());

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
