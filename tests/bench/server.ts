// The production server as `npm run serve` runs it (the bundled build/server.js, NODE_ENV=production,
// the Remix build in build/), on loopback over the generated database; and the ceiling, bare node:http serving
// fixed bytes from memory, as its own process so it never shares a core's event loop with the
// load generator.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "../setup/server-process";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Process start to the first 200 from the home page. */
  coldStartMs: number;
  output(): string;
  /** The process's peak resident set so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** CPU seconds (user + system) the server's processes have used so far: the primary and its live workers. */
  cpuSeconds(): number;
  /** The ids of the server's processes: the primary and its live workers. */
  processes(): number[];
  stop(): Promise<void>;
}

/** The largest peak among the server's processes: the primary and its workers when WORKERS > 1. */
function peakRss(pid: number | undefined): number {
  if (!pid) return 0;
  return Math.max(peakRssOf(pid), ...workersOf(pid).map(peakRssOf));
}

function workersOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

// /proc/<pid>/stat counts in clock ticks, 100 a second on Linux.
const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number {
  try {
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  return [pid, ...workersOf(pid)].reduce((sum, each) => sum + cpuSecondsOf(each), 0);
}

function peakRssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

async function waitForOk(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`the server did not answer ${url} with 200 in time:\n${output()}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** `profileDir`: run under `node --cpu-prof`, a profile per process (the workers inherit it) written there on stop. */
export async function startServer({ database, tmp, profileDir }: { database: string; tmp: string; profileDir?: string }): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(ROOT, "build/server.js")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      DATABASE_PATH: database,
      MAIL_DIR: path.join(tmp, "mail"),
      SEED: "off",
      JOBS: "on",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  try {
    await waitForOk(`${url}/`, child, () => output, 180_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const coldStartMs = Math.round(performance.now() - started);
  return {
    url,
    child,
    coldStartMs,
    output: () => output,
    peakRssMb: () => peakRss(child.pid),
    cpuSeconds: () => cpuSeconds(child.pid),
    processes: () => (child.pid ? [child.pid, ...workersOf(child.pid)] : []),
    stop: () => stopChild(child),
  };
}

export async function startCeiling(body: Buffer): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const script = `
    const http = require("node:http");
    const chunks = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => {
      const body = Buffer.concat(chunks);
      http.createServer((req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
        res.end(body);
      }).listen(${port}, "127.0.0.1", () => console.log("ready"));
    });`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the ceiling server exited (${code})`)));
    child.stdin!.end(body);
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
