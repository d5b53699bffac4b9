import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs, webhookDeliveries } from "@db/schema";
import { defaultRegistry, runOnce } from "~/jobs/scheduler.server";
import { createMailer, MAIL_TIMEOUTS, type MailTimeouts } from "~/services/mail.server";
import { getMailOutboxStatus, MAIL_JOB } from "~/services/mail-outbox.server";
import { deliverWebhook, fanOutWebhookEvents, WEBHOOK_DELIVERY_JOB, WEBHOOK_TIMEOUT_MS } from "~/services/webhook-delivery.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { WEBHOOK_EVENT_JOB } from "~/services/webhook-events.server";
import { registerWebhook } from "~/services/webhooks.server";
import { claimJobs, LOCK_MS } from "@db/job-queue.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { startSmtp } from "../setup/smtp-server";
import { freePort } from "../e2e/support";
import { loadReadmeSignatureVerifier } from "../setup/readme-snippets";
import { makeUser } from "../factories";
import { askThread, makeCategory } from "../services/escalation-fixtures";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local endpoint answering each request with the next status in `statuses` (the last one repeats). */
async function startEndpoint(statuses: number[] = [200]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A TCP server that accepts connections and then never speaks first (a wedged SMTP server);
 * `onConnect` may write to the socket to play a server that greets and then stalls or dribbles.
 */
async function startMuteServer(onConnect: (socket: net.Socket) => void = () => {}) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    onConnect(socket);
  });
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    smtpUrl: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function flagOneThread(deps: TestDeps) {
  const asker = await makeUser(deps);
  const thread = askThread(deps, asker, makeCategory(deps), "Voicemail is silent");
  deps.clock.advanceMinutes(60);
  return thread;
}

describe("staff alerts leave the process through the outbox", () => {
  let deps: TestDeps;
  let smtpPort: number;
  const closers: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    smtpPort = await freePort();
    deps = createTestDeps(
      { mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: "Peerdesk <community@peerdesk.test>", mailDir: "unused" }) },
      // The endpoints here listen on loopback, which only an intranet setup may reach.
      { WEBHOOKS_ALLOW_PRIVATE: "on" },
    );
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    deps.mailer.close();
    deps.db.$client.close();
  });

  it("mails every staff member through a real SMTP server and posts a signed webhook", async () => {
    const smtp = await startSmtp(smtpPort);
    closers.push(smtp.close);
    const endpoint = await startEndpoint();
    closers.push(endpoint.close);
    const admin = await makeUser(deps, { role: "admin" });
    const staff = await makeUser(deps, { role: "staff" });
    const hook = registerWebhook(deps, admin, { url: endpoint.url, secret: "a-shared-secret-of-some-length", events: ["thread.escalated"] });
    const thread = await flagOneThread(deps);

    await runOnce(deps, defaultRegistry());

    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([admin.email, staff.email].sort());
    expect(smtp.messages[0]!.raw).toContain("Subject: [Needs staff] Voicemail is silent");
    expect(endpoint.received).toHaveLength(1);
    const [request] = endpoint.received;
    const verify = await loadReadmeSignatureVerifier();
    const signature = String(request!.headers["x-peerdesk-signature"]);
    const now = deps.clock.now().getTime() / 1000;
    expect(verify(hook.secret, request!.body, signature, now)).toBe(true);
    expect(verify("another-secret-entirely", request!.body, signature, now)).toBe(false);
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ event: "thread.escalated", data: { threadId: thread.id, title: "Voicemail is silent" } });
    expect(request!.headers["x-peerdesk-event-id"]).toBe(body.id);
    expect(request!.headers["content-type"]).toBe("application/json");

    // Nothing is sent twice on later passes.
    deps.clock.advanceMinutes(120);
    await runOnce(deps, defaultRegistry());
    expect(smtp.messages).toHaveLength(2);
    expect(endpoint.received).toHaveLength(1);
  });

  it("retries a failing endpoint with backoff until it succeeds once, without holding up a healthy one", async () => {
    const failing = await startEndpoint([500, 503, 200]);
    const healthy = await startEndpoint();
    closers.push(failing.close, healthy.close);
    const admin = await makeUser(deps, { role: "admin" });
    const bad = registerWebhook(deps, admin, { url: failing.url, secret: "", events: ["thread.escalated"] });
    registerWebhook(deps, admin, { url: healthy.url, secret: "", events: ["thread.escalated"] });
    await flagOneThread(deps);
    deps.db.delete(jobs).where(eq(jobs.kind, MAIL_JOB)).run();

    await runOnce(deps, defaultRegistry());
    expect(failing.received).toHaveLength(1);
    expect(healthy.received).toHaveLength(1);

    await runOnce(deps, defaultRegistry());
    expect(failing.received).toHaveLength(1); // not before the backoff has passed
    deps.clock.advance(10_000);
    await runOnce(deps, defaultRegistry());
    expect(failing.received).toHaveLength(2);
    deps.clock.advance(19_999);
    await runOnce(deps, defaultRegistry());
    expect(failing.received).toHaveLength(2);
    deps.clock.advance(1);
    await runOnce(deps, defaultRegistry());
    expect(failing.received).toHaveLength(3);
    deps.clock.advanceMinutes(24 * 60);
    await runOnce(deps, defaultRegistry());
    expect(failing.received).toHaveLength(3);
    expect(healthy.received).toHaveLength(1);

    const attempts = deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, bad.id)).all();
    expect(attempts.map((a) => [a.attempt, a.ok, a.statusCode])).toEqual([
      [1, false, 500],
      [2, false, 503],
      [3, true, 200],
    ]);
    expect(new Set(failing.received.map((r) => r.headers["x-peerdesk-event-id"])).size).toBe(1);
  });

  it("records a timeout as a failed attempt and schedules the next one", async () => {
    const hanging = http.createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => { hanging.closeAllConnections(); hanging.close(() => resolve()); }));
    const admin = await makeUser(deps, { role: "admin" });
    registerWebhook(deps, admin, { url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`, secret: "", events: ["thread.escalated"] });
    await flagOneThread(deps);
    sweepEscalations(deps);
    fanOutWebhookEvents(deps, claimJobs(deps, WEBHOOK_EVENT_JOB, 10));
    const [job] = claimJobs(deps, WEBHOOK_DELIVERY_JOB, 1);
    expect(await deliverWebhook(deps, job!, { timeoutMs: 150 })).toBe("failed");
    const [attempt] = deps.db.select().from(webhookDeliveries).all();
    expect(attempt).toMatchObject({ ok: false, statusCode: null, error: "Timed out after 150 ms" });
    const retry = deps.db.select().from(jobs).where(eq(jobs.kind, WEBHOOK_DELIVERY_JOB)).all().find((j) => !j.doneAt)!;
    expect(retry.runAfter.getTime() - deps.clock.now().getTime()).toBe(10_000);
  });

  it("keeps mail while the SMTP server is unreachable and sends it once it is back", async () => {
    await makeUser(deps, { role: "staff" });
    await flagOneThread(deps);

    await runOnce(deps, defaultRegistry());
    const status = getMailOutboxStatus(deps);
    expect(status).toMatchObject({ waiting: 1, failing: 1 });
    expect(status.lastError).toMatch(/ECONNREFUSED|connect/i);

    const smtp = await startSmtp(smtpPort);
    closers.push(smtp.close);
    await runOnce(deps, defaultRegistry());
    expect(smtp.messages).toHaveLength(0); // still backing off
    deps.clock.advance(10_000);
    await runOnce(deps, defaultRegistry());
    expect(smtp.messages).toHaveLength(1);
    expect(getMailOutboxStatus(deps)).toMatchObject({ waiting: 0, failing: 0 });
  });
});

describe("a mail server that accepts connections but never answers", () => {
  const FROM = "Peerdesk <community@peerdesk.test>";
  const SHORT: MailTimeouts = { connectionTimeout: 300, greetingTimeout: 300, socketTimeout: 300, sendTimeout: 2_000 };
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it("keeps every network wait of a job far below the job lock, so a slow send is never claimed twice", () => {
    const { sendTimeout, ...waits } = MAIL_TIMEOUTS;
    for (const wait of Object.values(waits)) expect(wait).toBeLessThanOrEqual(sendTimeout);
    expect(sendTimeout).toBeLessThanOrEqual(LOCK_MS / 4);
    // Deliveries of a batch are sent side by side, so a batch waits one timeout at most.
    expect(WEBHOOK_TIMEOUT_MS).toBeLessThanOrEqual(LOCK_MS / 4);
  });

  it("gives up at the greeting timeout, and the job stays queued with its error for a retry with backoff", async () => {
    const mute = await startMuteServer();
    closers.push(mute.close);
    // The idle-socket timer starts with the connection too: keep it well behind the greeting's, so
    // a busy machine cannot let it fire first.
    const timeouts = { ...SHORT, socketTimeout: 2_000, sendTimeout: 4_000 };
    const deps = createTestDeps({ mailer: createMailer({ smtpUrl: mute.smtpUrl, from: FROM, mailDir: "unused", timeouts }) });
    closers.push(async () => {
      deps.mailer.close();
      deps.db.$client.close();
    });
    await makeUser(deps, { role: "staff" });
    await flagOneThread(deps);

    const started = performance.now();
    await runOnce(deps, defaultRegistry());
    const elapsed = performance.now() - started;

    expect(mute.connections()).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000); // nodemailer's default greeting timeout is 30 s
    const [job] = deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all();
    expect(job).toMatchObject({ attempts: 1, doneAt: null, lockedUntil: null });
    expect(job!.lastError).toMatch(/greeting never received/i); // not the idle socket or the send deadline
    expect(job!.runAfter.getTime() - deps.clock.now().getTime()).toBe(10_000);
    expect(getMailOutboxStatus(deps)).toMatchObject({ waiting: 1, failing: 1 });

    await runOnce(deps, defaultRegistry());
    expect(mute.connections()).toBe(1); // backing off
    deps.clock.advance(10_000);
    await runOnce(deps, defaultRegistry());
    expect(mute.connections()).toBe(2);
    expect(deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).get()).toMatchObject({ attempts: 2, doneAt: null });
  });

  it("cuts off a server that greets and then stalls at the idle socket timeout", async () => {
    const mute = await startMuteServer((socket) => socket.write("220 stalled.test ESMTP\r\n"));
    closers.push(mute.close);
    const mailer = createMailer({ smtpUrl: mute.smtpUrl, from: FROM, mailDir: "unused", timeouts: SHORT });
    const started = performance.now();
    // nodemailer's "Timeout" (idle socket), not our "Timed out after 2000 ms" send deadline
    await expect(mailer.send({ to: "sam@peerdesk.test", subject: "Hello", text: "Hi" })).rejects.toThrow(/^Timeout$/);
    expect(performance.now() - started).toBeLessThan(5_000); // the default is 10 minutes
  });

  it("ends the whole send at the send deadline even while the server keeps dribbling replies", async () => {
    const mute = await startMuteServer((socket) => {
      socket.write("220 dribbling.test ESMTP\r\n");
      const drip = setInterval(() => socket.write("250-still thinking\r\n"), 100);
      socket.on("close", () => clearInterval(drip));
    });
    closers.push(mute.close);
    const mailer = createMailer({ smtpUrl: mute.smtpUrl, from: FROM, mailDir: "unused", timeouts: { ...SHORT, sendTimeout: 800 } });
    const started = performance.now();
    await expect(mailer.send({ to: "sam@peerdesk.test", subject: "Hello", text: "Hi" })).rejects.toThrow("Timed out after 800 ms sending mail");
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(5_000);
  });
});
