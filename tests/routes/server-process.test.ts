// The server as `npm start` runs it (`npm run serve`), as a process: what it prints on a first start, how it stops,
// and how it refuses bad configuration. Each test spawns the built server (build/server.js) on its own files.
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { users } from "@db/schema";
import { makeUser } from "../factories";
import { createReply } from "~/services/posts.server";
import { ask, makeCategory as makeQaCategory } from "../qa-helpers";
import { askThread, makeCategory, readThread } from "../services/escalation-fixtures";
import { createTestDeps, createTestDepsOn } from "../setup/deps";
import { partOf, readMime } from "../setup/mime";
import { spawnServer as spawnServerProcess, type ServerProcess } from "../setup/server-process";
import { ROOT, TMP } from "../setup/paths";

const running: ChildProcess[] = [];

async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServerProcess(env);
  running.push(server.child);
  return server;
}

/** The deepest process under `pid` (itself when it has no children): the one running the server. */
function servingProcess(pid: number): number {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return children ? servingProcess(Number(children.split(" ")[0])) : pid;
}

interface Sent {
  status: number;
  headers: http.IncomingHttpHeaders;
  reusedSocket: boolean;
}

/** One request through `agent`; with `beforeBody`, the body waits for the server's 100 Continue and then for it. */
function send(
  agent: http.Agent,
  baseUrl: string,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string; beforeBody?: () => Promise<void> },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    // To the address the server listens on, naming the host of its public URL.
    const { host, port } = new URL(baseUrl);
    const headers = { Host: host, ...options.headers };
    const request = http.request({ host: "127.0.0.1", port, path: options.path, agent, method: options.method ?? "GET", headers }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, reusedSocket: request.reusedSocket }));
      response.on("error", reject);
    });
    request.on("error", reject);
    if (!options.beforeBody) return void request.end(options.body);
    request.on("continue", () => {
      options.beforeBody!().then(() => request.end(options.body), reject);
    });
    request.flushHeaders();
  });
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

// Each test starts a server process: on two busy cores that alone can take most of a minute.
describe("the server process", { timeout: 180_000 }, () => {
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

  // With workers, the primary stops accepting and the worker that holds the connection finishes it.
  it.each([
    ["as one process", "1"],
    ["with two workers", "2"],
  ])("on SIGTERM %s stops accepting, finishes the request in flight, closes its kept-alive connection, then exits cleanly", async (_, workers) => {
    const server = await spawnServer({ DATABASE_PATH: path.join(TMP, `stop-${randomUUID()}.db`), SEED: "off", WORKERS: workers });
    await server.waitFor("Peerdesk is running");
    // One kept-alive connection, as a browser or a reverse proxy holds them.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, server.url, { path: "/healthcheck" });
      expect(first.headers.connection).toBe("keep-alive");
      // A sign-in on that same connection whose body is still on its way when the signal comes.
      // "Expect: 100-continue" makes the server confirm it has the request before the body is
      // sent, so no timing is guessed.
      const inFlight = await send(agent, server.url, {
        path: "/auth/sign-in",
        method: "POST",
        headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", Expect: "100-continue" },
        body: "email=nobody%40example.com&password=not-the-password",
        beforeBody: async () => {
          server.child.kill("SIGTERM");
          // What the process serving the connection says (a worker's, with workers).
          await server.waitFor("SIGTERM received: finishing requests and stopping");
          await expect(fetch(`${server.url}/healthcheck`)).rejects.toThrow();
        },
      });
      expect(inFlight.reusedSocket).toBe(true);
      expect(inFlight.status).toBe(400);
      // The client learns not to send another request on this connection...
      expect(inFlight.headers.connection).toBe("close");
      // ...and its next one finds no server, rather than being served or reset half-way.
      await expect(send(agent, server.url, { path: "/healthcheck" })).rejects.toMatchObject({ code: "ECONNREFUSED" });
      expect(await server.exited).toBe(0);
    } finally {
      agent.destroy();
    }
  });

  it("on SIGTERM while too busy to take it at once (stopped for a moment, as under load) still stops gracefully", async () => {
    const server = await spawnServer({ DATABASE_PATH: path.join(TMP, `busy-${randomUUID()}.db`), SEED: "off" });
    await server.waitFor("Peerdesk is running");
    // The process that serves is the one that was spawned; a wrapper in between (the tsx
    // command) relays the signal and kills its child if it does not answer within 60 ms.
    const serving = servingProcess(server.child.pid!);
    process.kill(serving, "SIGSTOP");
    try {
      server.child.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      // Gone already if something killed it meanwhile; the exit code below says so.
      if (fs.existsSync(`/proc/${serving}`)) process.kill(serving, "SIGCONT");
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain("SIGTERM received");
  });

  it("on SIGINT with background jobs running stops them and closes the database cleanly", async () => {
    const databasePath = path.join(TMP, `sigint-${randomUUID()}.db`);
    const server = await spawnServer({ DATABASE_PATH: databasePath, SEED: "on", JOBS: "on", JOBS_INTERVAL_SECONDS: "1" });
    await server.waitFor("Peerdesk is running");
    expect((await fetch(`${server.url}/healthcheck`)).status).toBe(200);
    expect(fs.existsSync(`${databasePath}-wal`)).toBe(true);
    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain("SIGINT received");
    // SQLite removes the write-ahead log when the last connection closes after a checkpoint.
    expect(fs.existsSync(`${databasePath}-wal`)).toBe(false);
  });

  it.each([
    ["as one process", "1"],
    ["with two workers", "2"],
  ])("refuses a port already in use %s with one line naming it, and exits with 1", async (_, workers) => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = taken.address() as net.AddressInfo;
      const server = await spawnServer({ DATABASE_PATH: path.join(TMP, `port-${randomUUID()}.db`), SEED: "off", WORKERS: workers, PORT: String(port) });
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain(`Cannot accept connections: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
      expect(server.output()).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
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

describe("the command-line tools", () => {
  const tsx = path.join(ROOT, "node_modules/.bin/tsx");
  function run(script: string, args: string[], env: Record<string, string>) {
    const result = spawnSync(tsx, [script, ...args], { cwd: ROOT, env: { ...process.env, JOBS: "off", ...env }, encoding: "utf8", timeout: 60_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it("jobs:run-once flags an overdue thread, sends its staff mail and a member's answer mail with links to PUBLIC_URL and prints what it did", async () => {
    const deps = createTestDeps({}, { PUBLIC_URL: "https://community.example.com" });
    const asker = await makeUser(deps);
    await makeUser(deps, { role: "staff" });
    // The test clock stands well before the real one, so the deadline has passed for the command.
    const thread = askThread(deps, asker, makeCategory(deps), "Overdue for the cron pass");
    const answered = ask(deps, asker, makeQaCategory(deps.db, { slug: "answered-before-cron" }), { title: "Answered before the cron pass" });
    createReply(deps, await makeUser(deps), answered.id, { body: "Restart the modem." });
    deps.db.$client.close();
    const mailDir = path.join(TMP, `cron-mail-${randomUUID()}`);
    const publicUrl = "https://community.example.com";
    const result = run("app/cli/jobs-run-once.ts", [], { DATABASE_PATH: deps.file, MAIL_DIR: mailDir, PUBLIC_URL: publicUrl, PORT: "4321" });
    expect(result.status, result.output).toBe(0);
    const after = createTestDepsOn(deps.file);
    expect(readThread(after.db, thread.id).escalatedAt).not.toBeNull();
    after.db.$client.close();
    const mails = fs.readdirSync(mailDir).filter((name) => name.endsWith(".eml"));
    // The staff alert, the answer mail, and (the answer being days old by the real clock) the asker's reminder.
    expect(mails).toHaveLength(3);
    const texts = mails.map((name) => fs.readFileSync(path.join(mailDir, name), "utf8"));
    const mail = texts.find((text) => text.includes("Overdue for the cron pass"))!;
    expect(mail).toContain(`${publicUrl}/t/${thread.id}/`);
    const answerMail = texts.find((text) => text.includes("Subject: New answer: Answered before the cron pass"))!;
    expect(partOf(readMime(answerMail), "text/plain")).toContain(`${publicUrl}/t/${answered.id}/`);
    expect(texts.filter((text) => text.includes("Subject: Did this solve it? Answered before the cron pass"))).toHaveLength(1);
    for (const text of texts) expect(text).not.toMatch(/https?:\/\/localhost/);

    const lines = result.output.trim().split("\n");
    expect(lines[0]).toBe(`Background jobs, one pass (links to ${publicUrl}, database ${deps.file}):`);
    expect(lines).toContain("  escalation-sweep: 1 threads flagged");
    expect(lines).toContain("  daily-digests: 0 digests queued (0 members due today)");
    expect(lines).toContain("  mail.send: 3 sent");
    // The escalation fixture wrote its thread without queueing an index update: the index check finds and fills it.
    expect(lines).toContain("Search: indexed 2 threads (fts5); the index held 0.");
    expect(lines).toContain("  search.reconcile: 1 done");
    expect(lines).toContain("  webhook.deliver: nothing to do");
    expect(result.output).not.toContain("PUBLIC_URL is not set");

    // Without PUBLIC_URL the links would lead to this machine's default address: it says so.
    const unset = run("app/cli/jobs-run-once.ts", [], { DATABASE_PATH: deps.file, MAIL_DIR: mailDir, PUBLIC_URL: "", PORT: "4321" });
    expect(unset.status, unset.output).toBe(0);
    expect(unset.output).toContain("PUBLIC_URL is not set: links in mail and webhooks will point at http://localhost:4321.");
    expect(unset.output).toContain("  mail.send: nothing to do");
  });

  it("search:reindex rebuilds the index from the database and reports what it did", async () => {
    const deps = createTestDeps();
    const asker = await makeUser(deps);
    ask(deps, asker, makeQaCategory(deps.db), { title: "Quokka modem reindexed" });
    deps.db.$client.close();
    const result = run("search/reindex.ts", [], { DATABASE_PATH: deps.file });
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/Indexed 1 threads into fts5/);
    const after = createTestDepsOn(deps.file);
    const found = await after.search.search({ q: "quokka", limit: 5 });
    expect(found.hits.map((hit) => hit.title)).toEqual(["Quokka modem reindexed"]);
    after.db.$client.close();
  });

  it("user:create makes a privileged account, and refuses a bad role or a taken email with exit code 2", () => {
    const deps = createTestDeps();
    deps.db.$client.close();
    const env = { DATABASE_PATH: deps.file };
    const args = (handle: string, role = "admin") => ["--role", role, "--email", `${handle}@example.com`, "--handle", handle, "--name", "Ada Admin", "--password", "a long enough password"];
    const created = run("app/cli/user-create.ts", args("ada_cli"), env);
    expect(created.status, created.output).toBe(0);
    expect(created.output).toContain("Created admin @ada_cli <ada_cli@example.com>");
    const badRole = run("app/cli/user-create.ts", args("bob_cli", "overlord"), env);
    expect(badRole.status).toBe(2);
    expect(badRole.output).toContain("--role must be one of");
    const taken = run("app/cli/user-create.ts", args("ada_cli"), env);
    expect(taken.status).toBe(2);
    expect(taken.output).toMatch(/--email: .*taken|--handle: .*taken/i);
    const after = createTestDepsOn(deps.file);
    expect(after.db.select().from(users).where(eq(users.handle, "ada_cli")).get()?.role).toBe("admin");
    expect(after.db.select().from(users).where(eq(users.handle, "bob_cli")).get()).toBeUndefined();
    after.db.$client.close();
  });
});
