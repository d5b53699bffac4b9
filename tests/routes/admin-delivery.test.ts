import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webhooks } from "@db/schema";
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

  it("the delivery log shows each failed attempt with the endpoint's status, a bare connection failure, or a refused address", async () => {
    const { user: admin, browser } = await signInAs(app, "admin");
    // Loopback endpoints are reachable only on an intranet setup.
    app.deps.env = { ...app.deps.env, WEBHOOKS_ALLOW_PRIVATE: "on" };
    const refused = `http://127.0.0.1:${await freePort()}/hooks`;
    const unavailable = await answering(503);
    const healthy = await answering(204);
    closers.push(unavailable.close, healthy.close);
    for (const url of [refused, unavailable.url, healthy.url]) registerWebhook(app.deps, admin, { url, secret: "", events: ["post.created"] });
    // Link-local (cloud metadata) stays refused even on an intranet; saved here as if by an older version.
    const metadata = "http://169.254.169.254/latest/meta-data/";
    app.deps.db.insert(webhooks).values({ url: metadata, secret: "a-shared-secret-of-some-length", events: ["post.created"], createdAt: app.deps.clock.now() }).run();
    ask(app.deps, await makeUser(app.deps), makeCategory(app.deps.db), { title: "Voicemail is silent" });
    await drainQueue(app.deps, ESCALATION_HANDLERS);

    const response = await browser.request("/admin/webhooks");
    expect(response.status).toBe(200);
    const rows = [...pageText(await response.text()).matchAll(/<tr( class="delivery--failed")?><td>.*?<\/tr>/g)];
    const rowFor = (url: string) => rows.find(([row]) => row.includes(`<code>${url}</code>`));
    expect(rows).toHaveLength(4);
    expect(rowFor(refused)?.[1]).toBeDefined();
    // Not "ECONNREFUSED 127.0.0.1:port": which ports are open is not the log's to tell.
    expect(rowFor(refused)?.[0]).toContain("<td>post.created</td><td>1</td><td>Failed: Could not connect</td>");
    expect(rowFor(unavailable.url)?.[1]).toBeDefined();
    expect(rowFor(unavailable.url)?.[0]).toContain("<td>post.created</td><td>1</td><td>Failed: HTTP 503</td>");
    expect(rowFor(metadata)?.[1]).toBeDefined();
    expect(rowFor(metadata)?.[0]).toContain("<td>post.created</td><td>1</td><td>Refused: private address, not sent</td>");
    expect(rowFor(healthy.url)?.[1]).toBeUndefined();
    expect(rowFor(healthy.url)?.[0]).toContain("<td>Delivered (204)</td>");
  });

  it("refuses a private address next to the URL field, and says how an operator allows an intranet receiver", async () => {
    const { browser } = await signInAs(app, "admin");
    const page = await browser.request("/admin/webhooks");
    expect(pageText(await page.text())).toContain("operator can allow an intranet receiver with WEBHOOKS_ALLOW_PRIVATE=on.");
    for (const [url, message] of [
      ["http://127.0.0.1:8080/hooks", "Webhooks cannot reach private, loopback or link-local addresses"],
      ["http://0x7f.1/hooks", "Write the address as four numbers from 0 to 255 (this one means 127.0.0.1)"],
    ]) {
      const response = await browser.post("/admin/webhooks", { intent: "add", url: url!, secret: "", events: "thread.escalated" });
      expect(response.status, url).toBe(400);
      const html = pageText(await response.text());
      expect(html).toMatch(new RegExp(`id="field-url-error"[^>]*>${message!.replace(/[()]/g, "\\$&")}`));
      expect(html).toContain(`value="${url}"`);
    }
    expect(app.deps.db.select().from(webhooks).all()).toHaveLength(0);
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
