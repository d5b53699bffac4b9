// With WORKERS, the primary accepts connections and hands them to the workers (app/workers.server.ts).
import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../setup/paths";

const children: ChildProcess[] = [];
const listeners: net.Server[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const listener of listeners.splice(0)) listener.close();
});

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/", agent: false, headers: { Connection: "close" } }, (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

describe("serveHandedConnections", { timeout: 60_000 }, () => {
  it("serves the connections its primary hands it, and keeps running while it has none", async () => {
    const child = fork(path.join(ROOT, "tests/utils/handed-connections-worker.ts"), [], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: "inherit" });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.on("message", (message) => message === "peerdesk:accepting" && resolve());
      child.once("exit", (code) => reject(new Error(`the worker exited (${code}) before it was ready`)));
    });
    // The primary's part: accept, and hand each connection over before reading from it.
    const listener = net.createServer({ pauseOnConnect: true }, (socket) => child.send("peerdesk:connection", socket, (error) => error && socket.destroy()));
    listeners.push(listener);
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const { port } = listener.address() as net.AddressInfo;

    expect(await get(port)).toBe(String(child.pid));
    // That connection is closed, and the worker has nothing else open: a process listening on
    // nothing would end here, with connections still to come.
    expect(await get(port)).toBe(String(child.pid));
    expect(await get(port)).toBe(String(child.pid));
    expect(child.exitCode).toBeNull();
  });
});
