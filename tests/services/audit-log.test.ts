import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { moderationLog } from "@db/schema";
import { listAuditLog, recordAudit } from "~/services/audit-log.server";
import { Forbidden } from "~/services/errors";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";

describe("the audit log", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("refuses UPDATE and DELETE at the database, so no code path can rewrite what a moderator did", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    recordAudit(deps.db, deps.clock, { actorId: moderator.id, action: "thread.lock", threadId: 1, reason: "heated" });
    expect(() => deps.db.update(moderationLog).set({ reason: "calm" }).run()).toThrow(/append-only/);
    expect(() => deps.db.delete(moderationLog).where(eq(moderationLog.actorId, moderator.id)).run()).toThrow(/append-only/);
    expect(deps.db.select().from(moderationLog).all()).toMatchObject([{ reason: "heated", action: "thread.lock" }]);
  });

  it("is for moderators and admins only", async () => {
    const staff = await makeUser(deps, { role: "staff" });
    const member = await makeUser(deps);
    expect(() => listAuditLog(deps, member)).toThrow(Forbidden);
    expect(() => listAuditLog(deps, staff)).toThrow(Forbidden);
    expect(() => listAuditLog(deps, null)).toThrow(Forbidden);
  });

  it("filters by actor, action, member acted on and thread, newest first, a page at a time", async () => {
    const moderator = await makeUser(deps, { role: "moderator" });
    const admin = await makeUser(deps, { role: "admin" });
    const member = await makeUser(deps);
    recordAudit(deps.db, deps.clock, { actorId: moderator.id, action: "thread.lock", threadId: 7 });
    deps.clock.advanceMinutes(1);
    recordAudit(deps.db, deps.clock, { actorId: moderator.id, action: "user.suspend", targetUserId: member.id, reason: "spam", details: { until: "2026-02-01" } });
    deps.clock.advanceMinutes(1);
    recordAudit(deps.db, deps.clock, { actorId: admin.id, action: "user.role", targetUserId: member.id, details: { from: "member", to: "staff" } });
    deps.clock.advanceMinutes(1);
    recordAudit(deps.db, deps.clock, { actorId: admin.id, action: "thread.pin", threadId: 7 });

    const all = listAuditLog(deps, moderator);
    expect(all.entries.map((e) => e.action)).toEqual(["thread.pin", "user.role", "user.suspend", "thread.lock"]);
    expect(all.nextBefore).toBeNull();
    expect(listAuditLog(deps, moderator, { actor: moderator.handle }).entries.map((e) => e.action)).toEqual(["user.suspend", "thread.lock"]);
    expect(listAuditLog(deps, moderator, { action: "user.role" }).entries).toMatchObject([{ actorHandle: admin.handle, targetHandle: member.handle, details: { from: "member", to: "staff" } }]);
    expect(listAuditLog(deps, moderator, { target: member.handle }).entries.map((e) => e.action)).toEqual(["user.role", "user.suspend"]);
    expect(listAuditLog(deps, moderator, { threadId: 7, actor: admin.handle }).entries.map((e) => e.action)).toEqual(["thread.pin"]);
    expect(listAuditLog(deps, moderator, { actor: "nobody_by_that_name" }).entries).toEqual([]);

    const first = listAuditLog(deps, moderator, { limit: 3 });
    expect(first.entries).toHaveLength(3);
    const second = listAuditLog(deps, moderator, { limit: 3, before: first.nextBefore! });
    expect(second.entries.map((e) => e.action)).toEqual(["thread.lock"]);
    expect(second.nextBefore).toBeNull();
  });
});

describe("settings changes are audited", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("one entry per save naming the keys that changed, none when nothing changed", async () => {
    const { saveSiteSettings } = await import("~/services/escalation-settings.server");
    const admin = await makeUser(deps, { role: "admin" });
    saveSiteSettings(deps, admin, { siteName: "Nimbus Help", brandName: "Peerdesk" });
    saveSiteSettings(deps, admin, { siteName: "Nimbus Help" });
    expect(listAuditLog(deps, admin).entries).toMatchObject([{ action: "settings.update", actorHandle: admin.handle, details: { changed: ["siteName"] } }]);
  });
});
