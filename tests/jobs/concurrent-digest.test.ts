import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs, notifications, posts, users } from "@db/schema";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import type { MailMessage } from "~/services/mail.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { ROOT } from "../setup/paths";

const run = promisify(execFile);
const MEMBERS = 300;

describe("two processes sending the daily digest from one database file", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("send each member exactly one digest for the day", async () => {
    deps.clock.set("2026-03-02T08:00:00Z");
    const asker = await makeUser(deps);
    const thread = ask(deps, asker, makeCategory(deps.db));
    const at = new Date("2026-03-02T09:00:00Z");
    // Members on the digest, each with an answer accepted today (written directly: hashing 300 passwords takes long).
    for (let i = 0; i < MEMBERS; i++) {
      const id = randomUUID();
      deps.db.insert(users).values({ id, email: `m${i}@example.test`, handle: `digest_${i}`, displayName: `M ${i}`, passwordHash: "!", emailVerifiedAt: at, emailDelivery: "daily", lastDigestAt: at, createdAt: at }).run();
      const post = deps.db.insert(posts).values({ threadId: thread.id, authorId: id, position: i + 2, bodyMd: "An answer", bodyHtml: "<p>An answer</p>", createdAt: at }).returning().get();
      deps.db.insert(notifications).values({ userId: id, kind: "accepted", threadId: thread.id, postId: post.id, actorId: asker.id, createdAt: new Date(at.getTime() + 1000) }).run();
    }

    const startAt = String(Date.now() + 2500);
    const worker = path.join(ROOT, "tests/jobs/digest-worker.ts");
    const tsx = path.join(ROOT, "node_modules/.bin/tsx");
    const counts = await Promise.all([1, 2].map(() => run(tsx, [worker, deps.file, "2026-03-03T00:01:00Z", startAt, "http://peerdesk.test"], { cwd: ROOT })));
    const [first, second] = counts.map(({ stdout }) => JSON.parse(stdout) as number);

    expect(first! + second!).toBe(MEMBERS);
    const mails = deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage);
    expect(mails).toHaveLength(MEMBERS);
    expect(new Set(mails.map((mail) => mail.to)).size).toBe(MEMBERS);
  }, 120_000);
});
