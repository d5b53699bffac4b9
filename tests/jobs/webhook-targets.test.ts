import type { LookupAddress } from "node:dns";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimJobs } from "@db/job-queue.server";
import { webhookDeliveries, webhooks } from "@db/schema";
import { deliverWebhook, fanOutWebhookEvents, WEBHOOK_DELIVERY_JOB } from "~/services/webhook-delivery.server";
import { emitWebhookEvent, WEBHOOK_EVENT_JOB } from "~/services/webhook-events.server";
import { lookupAll, REFUSED_PRIVATE, type LookupAll } from "~/services/webhook-targets.server";
import { registerWebhook } from "~/services/webhooks.server";
import { Invalid } from "~/services/errors";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { freePort } from "../setup/server-process";
import { loadReadmeSignatureVerifier } from "../setup/readme-snippets";
import { makeUser } from "../factories";

interface Received {
  listener: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP server on one loopback address that keeps every request it gets. */
async function listen(host: string, port: number, received: Received[], status = 200, headers: Record<string, string> = {}) {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ listener: `${host}:${(server.address() as AddressInfo).port}`, headers: req.headers, body });
      res.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * Records every outgoing TCP connection the process starts. One to an address outside loopback is
 * cut before it leaves the machine (this sandbox must never send to private or public networks),
 * so even a broken guard only ever shows up here, as a recorded attempt.
 */
function tripwire() {
  const attempts: string[] = [];
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host = typeof first === "object" && first !== null ? String((first as net.TcpNetConnectOpts).host ?? "localhost") : String(args[1] ?? "localhost");
    const port = typeof first === "object" && first !== null ? (first as net.TcpNetConnectOpts).port : first;
    attempts.push(`${host}:${port}`);
    const local = !net.isIP(host) || ["loopback", "unspecified"].includes(ipaddr.process(host).range());
    if (!local) {
      process.nextTick(() => this.destroy(new Error(`tripwire: no connection to ${host} from tests`)));
      return this;
    }
    return connect.apply(this, args as Parameters<typeof connect>);
  } as typeof connect;
  return { attempts, restore: () => void (net.Socket.prototype.connect = connect) };
}

/** Answers from a table first, so a name can point wherever a test needs; DNS otherwise (localhost). */
function fakeDns(answers: Record<string, LookupAddress[] | (() => LookupAddress[])>) {
  const calls: string[] = [];
  const lookup: LookupAll = async (hostname) => {
    calls.push(hostname);
    const answer = answers[hostname];
    return typeof answer === "function" ? answer() : answer ?? lookupAll(hostname);
  };
  return { lookup, calls };
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

/** Endpoints as they may sit in the table: saved while the setting was on, or before this guard existed. */
function saveEndpoints(deps: TestDeps, urls: string[]) {
  for (const url of urls) {
    deps.db.insert(webhooks).values({ url, secret: "a-shared-secret-of-some-length", events: ["post.created"], createdAt: deps.clock.now() }).run();
  }
}

/** One post.created event, fanned out and delivered to every endpoint through the real delivery path. */
async function deliverOneEvent(deps: TestDeps, lookup: LookupAll) {
  emitWebhookEvent(deps.db, deps.clock, "post.created", { postId: 1, threadId: 1 });
  fanOutWebhookEvents(deps, claimJobs(deps, WEBHOOK_EVENT_JOB, 10));
  const jobs = claimJobs(deps, WEBHOOK_DELIVERY_JOB, 100);
  await Promise.all(jobs.map((job) => deliverWebhook(deps, job, { lookup, timeoutMs: 5_000 })));
  return deps.db
    .select({ url: webhooks.url, ok: webhookDeliveries.ok, statusCode: webhookDeliveries.statusCode, error: webhookDeliveries.error })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .all();
}

describe("webhooks never reach internal addresses", () => {
  let deps: TestDeps;
  let port: number;
  const received: Received[] = [];
  const closers: (() => Promise<void> | void)[] = [];
  let wire: ReturnType<typeof tripwire>;

  beforeEach(async () => {
    received.length = 0;
    // The same port on 127.0.0.1, ::1 and 127.0.0.2, so every loopback spelling would land on a listener.
    const first = await listen("127.0.0.1", 0, received);
    port = first.port;
    closers.push(first.close);
    for (const host of ["::1", "127.0.0.2"]) closers.push((await listen(host, port, received)).close);
    wire = tripwire();
    closers.push(wire.restore);
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    deps?.db.$client.close();
  });

  it("refuses every spelling of loopback, private, link-local and metadata addresses without connecting, and logs them all alike", async () => {
    deps = createTestDeps();
    const closedPort = await freePort();
    const dns = fakeDns({
      "loopback.example.test": [v4("127.0.0.1")],
      "mapped.example.test": [v6("::ffff:127.0.0.1")],
      // One public address does not launder a private one beside it.
      "mixed.example.test": [v4("93.184.216.34"), v4("127.0.0.1")],
      "metadata.google.internal": [v4("169.254.169.254")],
      "intranet.example.test": [v4("10.1.2.3")],
      "router.example.test": [v4("192.168.1.1")],
      "ula.example.test": [v6("fd12:3456:789a::1")],
    });
    const urls = [
      `http://127.0.0.1:${port}/hooks`,
      `http://localhost:${port}/hooks`,
      `http://LOCALHOST:${port}/hooks`,
      `http://[::1]:${port}/hooks`,
      `http://2130706433:${port}/hooks`,
      `http://0x7f.1:${port}/hooks`,
      `http://0x7f000001:${port}/hooks`,
      `http://0177.0.0.1:${port}/hooks`,
      `http://127.1:${port}/hooks`,
      `http://127.0.0.1.:${port}/hooks`,
      `http://%31%32%37.0.0.1:${port}/hooks`,
      `http://[::ffff:127.0.0.1]:${port}/hooks`,
      `http://[0:0:0:0:0:ffff:7f00:1]:${port}/hooks`,
      `http://[::127.0.0.1]:${port}/hooks`,
      `http://127.0.0.2:${port}/hooks`,
      `http://0.0.0.0:${port}/hooks`,
      `http://[::]:${port}/hooks`,
      `https://127.0.0.1:${port}/hooks`,
      `http://127.0.0.1:${closedPort}/hooks`,
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://100.100.100.200/latest/meta-data/",
      `http://10.0.0.1:${port}/hooks`,
      `http://172.16.0.1:${port}/hooks`,
      `http://192.168.1.1:${port}/hooks`,
      `http://100.64.0.1:${port}/hooks`,
      `http://[fc00::1]:${port}/hooks`,
      `http://[fe80::1]:${port}/hooks`,
      `http://224.0.0.1:${port}/hooks`,
      `http://255.255.255.255:${port}/hooks`,
      `http://loopback.example.test:${port}/hooks`,
      `http://mapped.example.test:${port}/hooks`,
      `http://mixed.example.test:${port}/hooks`,
      "http://metadata.google.internal/computeMetadata/v1/",
      `http://intranet.example.test:${port}/hooks`,
      `http://router.example.test:${port}/hooks`,
      `http://ula.example.test:${port}/hooks`,
    ];
    saveEndpoints(deps, urls);

    const log = await deliverOneEvent(deps, dns.lookup);

    expect(received).toEqual([]);
    expect(wire.attempts).toEqual([]);
    expect(log).toHaveLength(urls.length);
    // An open port, a closed one and an address with nothing behind it read the same.
    for (const row of log) expect(row, row.url).toEqual({ url: row.url, ok: false, statusCode: null, error: REFUSED_PRIVATE });
  });

  it("with WEBHOOKS_ALLOW_PRIVATE=on the same listener receives a signed delivery, and metadata addresses stay refused", async () => {
    deps = createTestDeps({}, { WEBHOOKS_ALLOW_PRIVATE: "on" });
    const verify = await loadReadmeSignatureVerifier();
    const dns = fakeDns({ "metadata.google.internal": [v4("169.254.169.254")] });
    saveEndpoints(deps, [
      `http://127.0.0.1:${port}/hooks`,
      `http://[::1]:${port}/hooks`,
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://metadata.google.internal/computeMetadata/v1/",
    ]);

    const log = await deliverOneEvent(deps, dns.lookup);

    expect(received.map((r) => r.listener).sort()).toEqual([`127.0.0.1:${port}`, `::1:${port}`]);
    expect(wire.attempts.sort()).toEqual([`127.0.0.1:${port}`, `::1:${port}`]);
    expect(log.filter((row) => row.ok).map((row) => row.url).sort()).toEqual([`http://127.0.0.1:${port}/hooks`, `http://[::1]:${port}/hooks`]);
    expect(log.filter((row) => !row.ok).map((row) => row.error)).toEqual([REFUSED_PRIVATE, REFUSED_PRIVATE, REFUSED_PRIVATE]);

    const now = deps.clock.now().getTime() / 1000;
    for (const request of received) {
      const header = String(request.headers["x-peerdesk-signature"]);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(header.startsWith(`t=${Math.floor(now)},`)).toBe(true);
      expect(verify("a-shared-secret-of-some-length", request.body, header, now)).toBe(true);
      expect(verify("a-shared-secret-of-some-length", Buffer.from(request.body), header, now + 299)).toBe(true);
      // A replay after the 5-minute tolerance, another secret, a changed body, or the timestamp swapped all fail.
      expect(verify("a-shared-secret-of-some-length", request.body, header, now + 301)).toBe(false);
      expect(verify("another-secret-entirely-here", request.body, header, now)).toBe(false);
      expect(verify("a-shared-secret-of-some-length", request.body.replace("post.created", "thread.solved"), header, now)).toBe(false);
      expect(verify("a-shared-secret-of-some-length", request.body, header.replace(/^t=\d+/, `t=${Math.floor(now) + 1}`), now)).toBe(false);
      expect(verify("a-shared-secret-of-some-length", request.body, undefined, now)).toBe(false);
    }
  });

  it("connects to the address it checked, even when the name answers differently a moment later (DNS rebinding)", async () => {
    deps = createTestDeps({}, { WEBHOOKS_ALLOW_PRIVATE: "on" });
    let answers = 0;
    // First answer 127.0.0.1 (checked and allowed), then 127.0.0.2: a second lookup at connect time would land there.
    const dns = fakeDns({ "rebind.example.test": () => [v4(answers++ === 0 ? "127.0.0.1" : "127.0.0.2")] });
    saveEndpoints(deps, [`http://rebind.example.test:${port}/hooks`]);

    const [row] = await deliverOneEvent(deps, dns.lookup);

    expect(row).toMatchObject({ ok: true, statusCode: 200 });
    expect(dns.calls).toEqual(["rebind.example.test"]);
    expect(received.map((r) => [r.listener, r.headers.host])).toEqual([[`127.0.0.1:${port}`, `rebind.example.test:${port}`]]);
  });

  it("does not follow a redirect, which could point anywhere", async () => {
    deps = createTestDeps({}, { WEBHOOKS_ALLOW_PRIVATE: "on" });
    const redirecting = await listen("127.0.0.1", 0, received, 307, { Location: `http://127.0.0.2:${port}/hooks` });
    closers.push(redirecting.close);
    saveEndpoints(deps, [`http://127.0.0.1:${redirecting.port}/hooks`]);

    const [row] = await deliverOneEvent(deps, fakeDns({}).lookup);

    expect(row).toMatchObject({ ok: false, statusCode: 307, error: "HTTP 307 (redirects are not followed)" });
    expect(received.map((r) => r.listener)).toEqual([`127.0.0.1:${redirecting.port}`]);
  });

  it("says which ports are open to no one: a closed port on an allowed address is only 'Could not connect'", async () => {
    deps = createTestDeps({}, { WEBHOOKS_ALLOW_PRIVATE: "on" });
    saveEndpoints(deps, [`http://127.0.0.1:${await freePort()}/hooks`]);
    const [row] = await deliverOneEvent(deps, fakeDns({}).lookup);
    expect(row).toMatchObject({ ok: false, statusCode: null, error: "Could not connect" });
  });
});

describe("webhook URLs are checked when saved", () => {
  let deps: TestDeps;
  afterEach(() => deps.db.$client.close());

  const urlError = async (url: string) => {
    const admin = await makeUser(deps, { role: "admin" });
    try {
      registerWebhook(deps, admin, { url, secret: "", events: ["thread.escalated"] });
      return null;
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return error.fields.url ?? null;
    }
  };

  it("refuses literal private addresses and localhost unless the intranet setting is on", async () => {
    deps = createTestDeps();
    for (const url of ["http://127.0.0.1:8080/x", "http://localhost/x", "http://hooks.localhost/x", "http://[::1]/x", "http://[::ffff:10.0.0.1]/x", "http://169.254.169.254/x", "http://10.0.0.5/x", "http://192.168.0.10/x", "http://[fd00::1]/x", "http://0.0.0.0/x"]) {
      expect(await urlError(url), url).toMatch(/cannot reach private, loopback or link-local addresses.*WEBHOOKS_ALLOW_PRIVATE=on/);
    }
    expect(await urlError("https://hooks.example.com/peerdesk")).toBeNull();
    expect(await urlError("http://93.184.216.34/hooks")).toBeNull();
  });

  it("refuses an IPv4 address not written as four decimal numbers, whatever the setting", async () => {
    deps = createTestDeps({}, { WEBHOOKS_ALLOW_PRIVATE: "on" });
    for (const url of ["http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://127.1/", "http://127.0.0.1./", "http://%31%32%37.0.0.1/"]) {
      expect(await urlError(url), url).toBe("Write the address as four numbers from 0 to 255 (this one means 127.0.0.1)");
    }
    expect(await urlError("http://127.0.0.1:9000/hooks")).toBeNull();
    expect(await urlError("http://[::1]:9000/hooks")).toBeNull();
  });
});
