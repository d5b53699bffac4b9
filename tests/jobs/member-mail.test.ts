import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "@db/schema";
import { defaultRegistry, runOnce } from "~/jobs/scheduler.server";
import { saveEmailPreferences } from "~/services/email-preferences.server";
import { createReply } from "~/services/posts.server";
import { unsubscribe } from "~/services/unsubscribe.server";
import { threadPagePath } from "~/utils/post-paths";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import type { TestDeps } from "../setup/deps";
import { partOf, readMime } from "../setup/mime";
import { startSmtpDeps, type startSmtp } from "../setup/smtp-server";

const PUBLIC_URL = "https://community.example.test";
const TITLE = "路由器 <重启> & ]]> 每小时";

describe("member email over a real SMTP server", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let deps: TestDeps;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ smtp, deps, close } = await startSmtpDeps(PUBLIC_URL));
  });
  afterEach(() => close());

  it("delivers an answer mail: encoded non-ASCII subject, text and HTML parts, absolute links, one-click unsubscribe headers", async () => {
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    const thread = ask(deps, asker, makeCategory(deps.db), { title: TITLE });
    const answer = createReply(deps, peer, thread.id, { body: "Try <script>alert(1)</script> & a **new** cable." });
    const report = await runOnce(deps, defaultRegistry());
    expect(report.kinds.find((kind) => kind.kind === "mail.send")).toMatchObject({ done: 1, failed: 0 });
    expect(smtp.messages.map((message) => message.to)).toEqual([[asker.email]]);

    const mail = readMime(smtp.messages[0]!.raw);
    // On the wire the subject is ASCII (RFC 2047 encoded words); decoded it is the title as typed.
    expect(mail.rawHeaders.get("subject")).toMatch(/^[\x20-\x7e]+$/);
    expect(mail.rawHeaders.get("subject")).toMatch(/=\?UTF-8\?[BQ]\?/i);
    expect(mail.headers.get("subject")).toBe(`New answer: ${TITLE}`);
    expect(mail.headers.get("content-type")).toMatch(/^multipart\/alternative/);

    const link = `${PUBLIC_URL}${threadPagePath(thread)}#post-${answer.id}`;
    expect(link).toMatch(/^https:\/\/community\.example\.test\/t\/\d+\/%E8%B7%AF/);
    const text = partOf(mail, "text/plain");
    expect(text).toContain(link);
    expect(text).toContain(`answered your question “${TITLE}”`);
    const html = partOf(mail, "text/html");
    expect(html).toContain(`href="${link}"`);
    expect(html).toContain("路由器 &lt;重启&gt; &amp; ]]&gt; 每小时");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<重启>");

    const unsubscribeLink = /^<(https:\/\/community\.example\.test\/email\/unsubscribe\?token=[^>]+)>$/.exec(mail.headers.get("list-unsubscribe") ?? "")?.[1];
    expect(unsubscribeLink).toBeDefined();
    expect(mail.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(text).toContain(unsubscribeLink);
    expect(html).toContain(`href="${unsubscribeLink!.replaceAll("&", "&amp;")}"`);
    unsubscribe(deps, new URL(unsubscribeLink!).searchParams.get("token"));
    expect(deps.db.select({ on: users.emailOnAnswer }).from(users).where(eq(users.id, asker.id)).get()!.on).toBe(false);
  });

  it("delivers the daily digest from one pass of the jobs, which says what it did", async () => {
    deps.clock.set("2026-03-02T08:00:00Z");
    const asker = await makeUser(deps);
    const peer = await makeUser(deps);
    saveEmailPreferences(deps, asker, { answer: "on", accepted: "on", staff_answer: "on", delivery: "daily" });
    deps.clock.advanceMinutes(5);
    const thread = ask(deps, asker, makeCategory(deps.db), { title: TITLE });
    createReply(deps, peer, thread.id, { body: "Try a new cable." });
    await runOnce(deps, defaultRegistry());
    expect(smtp.messages).toEqual([]);

    deps.clock.set("2026-03-03T00:10:00Z");
    const report = await runOnce(deps, defaultRegistry());
    expect(report.tasks.find((task) => task.name === "daily-digests")?.summary).toBe("1 digest queued (1 member due today)");
    expect(smtp.messages.map((message) => message.to)).toEqual([[asker.email]]);
    const mail = readMime(smtp.messages[0]!.raw);
    expect(mail.headers.get("subject")).toMatch(/^Your daily summary from .+: 1 update$/);
    expect(partOf(mail, "text/plain")).toContain(`${PUBLIC_URL}${threadPagePath(thread)}#post-`);
    expect(partOf(mail, "text/html")).toContain("<li>");
    expect(mail.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  });
});
