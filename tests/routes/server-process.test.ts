// The server as `npm start` runs it, as a process: what it prints on a first start, how it stops,
// and how it refuses bad configuration. Each test spawns `tsx app/server.ts` on its own files.
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { spawnServer as spawnServerProcess, type ServerProcess } from "../setup/server-process";
import { TMP } from "../setup/paths";

const running: ChildProcess[] = [];

async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServerProcess(env);
  running.push(server.child);
  return server;
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("the server process", () => {
  it("on an empty database loads the demo community and prints the address and who to sign in as", async () => {
    const server = await spawnServer({ DATABASE_PATH: path.join(TMP, `start-${randomUUID()}.db`), SEED: "on" });
    await server.waitFor("Peerdesk is running");
    const printed = server.output();
    expect(printed).toContain(`Peerdesk is running at ${server.url}`);
    expect(printed).toContain("password for all: peerdesk-demo");
    for (const [email, who] of [
      ["alice@example.com", "an asker"],
      ["ben@example.com", "a helpful customer"],
      ["sam@example.com", "a staff member"],
      ["ada@example.com", "an admin"],
    ]) {
      expect(printed).toMatch(new RegExp(`${email}\\s+${who} \\(`));
    }
    const home = await (await fetch(server.url)).text();
    expect(home).toContain("Nimbus Community");
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("on SIGTERM stops accepting, finishes the request in flight, then exits cleanly", async () => {
    const server = await spawnServer({ DATABASE_PATH: path.join(TMP, `stop-${randomUUID()}.db`), SEED: "off" });
    await server.waitFor("Peerdesk is running");
    const { port } = new URL(server.url);
    // A sign-in whose body is still on its way when the signal comes. "Expect: 100-continue" makes
    // the server confirm it has the request before the body is sent, so no timing is guessed.
    const response = new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/auth/sign-in",
          method: "POST",
          headers: { Host: new URL(server.url).host, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", Expect: "100-continue" },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      request.on("error", reject);
      request.on("continue", async () => {
        try {
          server.child.kill("SIGTERM");
          await server.waitFor("SIGTERM received");
          await expect(fetch(`${server.url}/healthcheck`)).rejects.toThrow();
          request.end("email=nobody%40example.com&password=not-the-password");
        } catch (error) {
          reject(error);
        }
      });
      request.flushHeaders();
    });
    expect(await response).toBe(400);
    expect(await server.exited).toBe(0);
  });

  it("refuses a bad setting with one line naming the variable", async () => {
    const server = await spawnServer({ DATABASE_PATH: path.join(TMP, `bad-${randomUUID()}.db`), JOBS_INTERVAL_SECONDS: "soon" });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("JOBS_INTERVAL_SECONDS");
  });

  it("refuses a database file it cannot open with one line naming the path", async () => {
    const directory = path.join(TMP, `not-a-file-${randomUUID()}`);
    fs.mkdirSync(directory);
    const server = await spawnServer({ DATABASE_PATH: directory });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(directory);
  });
});
