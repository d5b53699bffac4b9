import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq, isNotNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs, notifications, threads } from "@db/schema";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import { WEBHOOK_EVENT_JOB } from "~/services/webhook-events.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { ROOT } from "../setup/paths";
import { makeUser } from "../factories";
import { askThread, makeCategory } from "../services/escalation-fixtures";

const run = promisify(execFile);
const THREADS = 400;

describe("two sweeping processes on one database file", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("flag each due thread once and enqueue one notification set", async () => {
    const asker = await makeUser(deps);
    const staff = [await makeUser(deps, { role: "staff" }), await makeUser(deps, { role: "admin" })];
    const category = makeCategory(deps);
    for (let i = 0; i < THREADS; i++) askThread(deps, asker, category, `Question number ${i}`);
    const now = new Date(deps.clock.now().getTime() + 61 * 60_000).toISOString();

    const startAt = String(Date.now() + 2500);
    const worker = path.join(ROOT, "tests/jobs/sweep-worker.ts");
    const tsx = path.join(ROOT, "node_modules/.bin/tsx");
    const [a, b] = await Promise.all(
      [1, 2].map(() => run(tsx, [worker, deps.file, now, startAt, "http://peerdesk.test"], { cwd: ROOT })),
    );
    const first = JSON.parse(a!.stdout) as number[];
    const second = JSON.parse(b!.stdout) as number[];

    expect(first.length + second.length).toBe(THREADS);
    expect(new Set([...first, ...second]).size).toBe(THREADS);
    expect(deps.db.select().from(threads).where(isNotNull(threads.escalatedAt)).all()).toHaveLength(THREADS);
    expect(deps.db.select().from(notifications).all()).toHaveLength(THREADS * staff.length);
    expect(deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all()).toHaveLength(THREADS * staff.length);
    expect(deps.db.select().from(jobs).where(eq(jobs.kind, WEBHOOK_EVENT_JOB)).all()).toHaveLength(THREADS);
  }, 60_000);
});
