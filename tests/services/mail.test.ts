import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { claimJobs, failJobs } from "@db/job-queue.server";
import { createMailer } from "~/services/mail.server";
import { enqueueMail, getMailOutboxStatus, MAIL_JOB } from "~/services/mail-outbox.server";
import { createTestDeps } from "../setup/deps";
import { TMP } from "../setup/paths";

/** The headers (folded lines joined) and the body of a plain-text message. */
function parseEml(raw: string) {
  const [head, ...body] = raw.split("\n\n");
  const headers = new Map<string, string>();
  for (const line of head!.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: body.join("\n\n") };
}

describe("mail without SMTP_URL", () => {
  const mailDir = path.join(TMP, `mail-${randomUUID()}`);
  afterEach(() => fs.rm(mailDir, { recursive: true, force: true }));

  it("writes each message as an .eml file that a mail client can open, creating the folder", async () => {
    const mailer = createMailer({ from: "Peerdesk <community@peerdesk.test>", mailDir });
    const text = "Nobody has answered yet.\nOpen it: https://community.example.test/t/7/voicemail";
    await mailer.send({ to: "sam@example.test", subject: "[Needs staff] Voicemail is silent", text });
    await mailer.send({ to: "kim@example.test", subject: "Did this solve it?", text: "Let us know." });
    mailer.close();

    const files = (await fs.readdir(mailDir)).sort();
    expect(files).toHaveLength(2);
    for (const file of files) expect(file).toMatch(/^\d+-\w+\.eml$/);
    const messages = await Promise.all(files.map(async (file) => parseEml(await fs.readFile(path.join(mailDir, file), "utf8"))));
    const alert = messages.find((message) => message.headers.get("to") === "sam@example.test")!;
    expect(alert.headers.get("from")).toBe("Peerdesk <community@peerdesk.test>");
    expect(alert.headers.get("subject")).toBe("[Needs staff] Voicemail is silent");
    expect(alert.headers.get("content-type")).toMatch(/^text\/plain; charset=utf-8/);
    expect(alert.headers.get("message-id")).toMatch(/^<.+@.+>$/);
    expect(new Date(alert.headers.get("date")!).getTime()).not.toBeNaN();
    expect(alert.body.trim()).toBe(text);
    expect(messages.map((message) => message.headers.get("subject")).sort()).toEqual(["Did this solve it?", "[Needs staff] Voicemail is silent"]);
  });
});

describe("the mail outbox status admins see", () => {
  it("names the most recent failure, not whichever error sorts last", () => {
    const deps = createTestDeps();
    const message = { to: "staff@example.test", subject: "Needs staff", text: "A thread waits." };
    enqueueMail(deps.db, deps.clock, message);
    enqueueMail(deps.db, deps.clock, message);
    const [first, second] = claimJobs(deps, MAIL_JOB, 2);
    failJobs(deps, [first!], new Error("connect ECONNREFUSED 127.0.0.1:2525"));
    deps.clock.advanceMinutes(5);
    failJobs(deps, [second!], new Error("Invalid login: 535 authentication failed"));
    expect(getMailOutboxStatus(deps)).toEqual({ waiting: 2, failing: 2, lastError: "Invalid login: 535 authentication failed" });
    deps.db.$client.close();
  });
});
