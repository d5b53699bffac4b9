import { describe, expect, it } from "vitest";
import { can, hasRole } from "~/auth/permissions";

const member = { id: "m", role: "member" as const };
const staff = { id: "s", role: "staff" as const };
const moderator = { id: "mod", role: "moderator" as const };
const admin = { id: "a", role: "admin" as const };

describe("permissions", () => {
  it("ranks roles: each includes the ones below it", () => {
    expect(hasRole(admin, "moderator")).toBe(true);
    expect(hasRole(moderator, "staff")).toBe(true);
    expect(hasRole(staff, "moderator")).toBe(false);
    expect(hasRole(member, "staff")).toBe(false);
    expect(hasRole(null, "member")).toBe(false);
  });

  it("a guest can do nothing that writes", () => {
    expect(can(null, "ask")).toBe(false);
    expect(can(undefined, "vote", { authorId: "x" })).toBe(false);
  });

  it("a member accepts only on their own thread; staff accept anywhere", () => {
    expect(can(member, "accept", { threadAuthorId: "m" })).toBe(true);
    expect(can(member, "accept", { threadAuthorId: "other" })).toBe(false);
    expect(can(staff, "accept", { threadAuthorId: "other" })).toBe(true);
  });

  it("nobody votes on their own post", () => {
    expect(can(member, "vote", { authorId: "m" })).toBe(false);
    expect(can(member, "vote", { authorId: "other" })).toBe(true);
  });

  it("only moderators reply to locked threads, hide, and suspend; only admins edit settings", () => {
    expect(can(member, "reply", { locked: true })).toBe(false);
    expect(can(moderator, "reply", { locked: true })).toBe(true);
    expect(can(staff, "hide")).toBe(false);
    expect(can(moderator, "suspend")).toBe(true);
    expect(can(moderator, "editSettings")).toBe(false);
    expect(can(admin, "editSettings")).toBe(true);
  });

  it("a suspended member can do nothing until the suspension ends", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const suspended = { ...member, suspendedUntil: new Date("2026-01-02T00:00:00Z") };
    expect(can(suspended, "reply", {}, now)).toBe(false);
    expect(can(suspended, "reply", {}, new Date("2026-01-03T00:00:00Z"))).toBe(true);
  });
});
