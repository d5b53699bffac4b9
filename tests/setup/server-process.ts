// The production server as `npm run serve` runs it (built once per test run), as a child process on its
// own port: browser tests drive it, process tests read what it prints and how it exits.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ROOT, TMP } from "./paths";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything printed so far, stdout and stderr together. */
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once the output contains `text`; rejects if the process exits first or after two minutes. */
  waitFor(text: string): Promise<void>;
}

export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  // As `npm run serve` runs it: the bundled server, one process, which receives the signals itself.
  const child = spawn(process.execPath, [path.join(ROOT, "build/server.js")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      MAIL_DIR: path.join(TMP, `mail-${port}`),
      JOBS: "off",
      // One process unless a test asks for workers (the default is one per core).
      WORKERS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitFor = async (text: string) => {
    // Starting takes a few seconds, and close to a minute on two cores shared with a full test run.
    const deadline = Date.now() + 120_000;
    while (!output.includes(text)) {
      if (child.exitCode !== null) throw new Error(`server exited before printing "${text}":\n${output}`);
      if (Date.now() > deadline) throw new Error(`server did not print "${text}":\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return { child, url, output: () => output, exited, waitFor };
}
