import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { moderationLog, users, type User } from "@db/schema";
import { eq } from "drizzle-orm";
import { Forbidden, Invalid } from "~/services/errors";
import { createReply } from "~/services/posts.server";
import { changeRole, searchUsers, USERS_PAGE_SIZE } from "~/services/user-admin.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";

describe("admins find members and change their roles", () => {
  let deps: TestDeps;
  let admin: User;
  beforeEach(async () => {
    deps = createTestDeps();
    admin = await makeUser(deps, { role: "admin", handle: "root_admin" });
  });
  afterEach(() => deps.db.$client.close());

  const roleOf = (id: string) => deps.db.select({ role: users.role }).from(users).where(eq(users.id, id)).get()?.role;

  it("finds members by part of their name, handle or email in any case, with role, reputation, last seen and post count", async () => {
    const hana = await makeUser(deps, { handle: "hana_helps" });
    await makeUser(deps, { handle: "other_person" });
    deps.db.update(users).set({ displayName: "Hana Sato", reputation: 42, lastSeenAt: new Date("2026-03-01T10:00:00Z") }).where(eq(users.id, hana.id)).run();
    const thread = ask(deps, hana, makeCategory(deps.db));
    createReply(deps, hana, thread.id, { body: "Update: a restart fixed it." });
    for (const query of ["SATO", "hana_h", "HANA_HELPS@EXAMPLE"]) {
      const found = searchUsers(deps, admin, { query });
      expect(found.total, query).toBe(1);
      expect(found.users[0], query).toMatchObject({ handle: "hana_helps", role: "member", reputation: 42, postCount: 2, lastSeenAt: new Date("2026-03-01T10:00:00Z") });
    }
    // LIKE wildcards are matched as themselves.
    expect(searchUsers(deps, admin, { query: "%" }).total).toBe(0);
    expect(searchUsers(deps, admin, { query: "_" }).total).toBe(3);
  });

  it("pages through members newest first", async () => {
    for (let i = 0; i < USERS_PAGE_SIZE + 2; i += 1) {
      deps.clock.advance(1000);
      await makeUser(deps, { handle: `paged_${String(i).padStart(2, "0")}` });
    }
    const first = searchUsers(deps, admin, { query: "paged_" });
    const second = searchUsers(deps, admin, { query: "paged_", page: 2 });
    expect(first).toMatchObject({ total: USERS_PAGE_SIZE + 2, page: 1, pageCount: 2 });
    expect(first.users[0]!.handle).toBe(`paged_${USERS_PAGE_SIZE + 1}`);
    expect(second.users.map((u) => u.handle)).toEqual(["paged_01", "paged_00"]);
  });

  it("only an admin can list members or change a role", async () => {
    const member = await makeUser(deps);
    for (const role of ["member", "staff", "moderator"] as const) {
      const someone = await makeUser(deps, { role });
      expect(() => searchUsers(deps, someone)).toThrow(Forbidden);
      expect(() => changeRole(deps, someone, { userId: member.id, role: "staff" })).toThrow(Forbidden);
    }
    expect(roleOf(member.id)).toBe("member");
  });

  it("a role change takes effect and is audited with from and to", async () => {
    const member = await makeUser(deps);
    changeRole(deps, admin, { userId: member.id, role: "moderator" });
    expect(roleOf(member.id)).toBe("moderator");
    expect(deps.db.select().from(moderationLog).all()).toMatchObject([
      { actorId: admin.id, action: "user.role", targetUserId: member.id, details: { from: "member", to: "moderator" } },
    ]);
  });

  it("the last admin cannot step down, and nothing is recorded; with another admin they can", async () => {
    expect(() => changeRole(deps, admin, { userId: admin.id, role: "member" })).toThrow(Invalid);
    expect(() => changeRole(deps, admin, { userId: admin.id, role: "moderator" })).toThrow("You are the only admin: make someone else an admin before you step down.");
    expect(roleOf(admin.id)).toBe("admin");
    expect(deps.db.select().from(moderationLog).all()).toEqual([]);
    const second = await makeUser(deps, { role: "admin" });
    changeRole(deps, admin, { userId: admin.id, role: "staff" });
    expect(roleOf(admin.id)).toBe("staff");
    expect(() => changeRole(deps, second, { userId: second.id, role: "member" })).toThrow(Invalid);
  });
});
