import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ESCALATION_HANDLERS } from "~/jobs/escalation-jobs.server";
import { drainQueue } from "~/jobs/scheduler.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { createMailer } from "~/services/mail.server";
import { registerWebhook } from "~/services/webhooks.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { freePort } from "../setup/server-process";
import { pageText, signInAs, startTestApp, type TestApp } from "../setup/test-app";

/** A local endpoint that answers every request with `status`. */
async function answering(status: number) {
  const server = http.createServer((_req, res) => res.writeHead(status).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("what admins see of deliveries that failed", () => {
  let app: TestApp;
  const closers: (() => unknown)[] = [];
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await app.close();
  });

  it("the delivery log shows each failed attempt with the endpoint's status or the connection error", async () => {
    const { user: admin, browser } = await signInAs(app, "admin");
    const refusedPort = await freePort();
    const refused = `http://127.0.0.1:${refusedPort}/hooks`;
    const unavailable = await answering(503);
    const healthy = await answering(204);
    closers.push(unavailable.close, healthy.close);
    for (const url of [refused, unavailable.url, healthy.url]) registerWebhook(app.deps, admin, { url, secret: "", events: ["post.created"] });
    ask(app.deps, await makeUser(app.deps), makeCategory(app.deps.db), { title: "Voicemail is silent" });
    await drainQueue(app.deps, ESCALATION_HANDLERS);

    const response = await browser.request("/admin/webhooks");
    expect(response.status).toBe(200);
    const rows = [...pageText(await response.text()).matchAll(/<tr( class="delivery--failed")?><td>.*?<\/tr>/g)];
    const rowFor = (url: string) => rows.find(([row]) => row.includes(`<code>${url}</code>`));
    expect(rows).toHaveLength(3);
    expect(rowFor(refused)?.[1]).toBeDefined();
    expect(rowFor(refused)?.[0]).toContain(`<td>post.created</td><td>1</td><td>Failed: connect ECONNREFUSED 127.0.0.1:${refusedPort}</td>`);
    expect(rowFor(unavailable.url)?.[1]).toBeDefined();
    expect(rowFor(unavailable.url)?.[0]).toContain("<td>post.created</td><td>1</td><td>Failed: HTTP 503</td>");
    expect(rowFor(healthy.url)?.[1]).toBeUndefined();
    expect(rowFor(healthy.url)?.[0]).toContain("<td>Delivered (204)</td>");
  });

  it("the settings page shows mail waiting, how much of it failed and the last error", async () => {
    const { browser } = await signInAs(app, "admin");
    await makeUser(app.deps, { role: "staff" });
    const smtpPort = await freePort();
    const mailer = app.deps.mailer;
    app.deps.mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: "Peerdesk <community@peerdesk.test>", mailDir: "unused" });
    closers.push(() => app.deps.mailer.close(), () => (app.deps.mailer = mailer));
    const outgoingMail = async () => /<h2>Outgoing mail<\/h2><p>(.*?)<\/p>/.exec(pageText(await (await browser.request("/admin/settings")).text()))?.[1];
    expect(await outgoingMail()).toBe("All mail has been sent.");

    // An unanswered thread past its window alerts both staff members by mail.
    ask(app.deps, await makeUser(app.deps), makeCategory(app.deps.db), { title: "Voicemail is silent" });
    app.deps.clock.advanceMinutes(60);
    expect(sweepEscalations(app.deps)).toHaveLength(1);
    expect(await outgoingMail()).toBe("2 message(s) waiting.");

    await drainQueue(app.deps, ESCALATION_HANDLERS);
    expect(await outgoingMail()).toBe(
      `2 message(s) waiting, 1 retrying after a failure.<span class="delivery--failed"> Last error: connect ECONNREFUSED 127.0.0.1:${smtpPort}</span>`,
    );
  });
});
