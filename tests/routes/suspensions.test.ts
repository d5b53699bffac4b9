import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moderationLog, users } from "@db/schema";
import { makeUser } from "../factories";
import { pageText, signInAs, startTestApp, type TestApp } from "../setup/test-app";

// Issue 12: moderators suspend a member until a date with a reason, from the member's profile.
describe("suspending from a member's profile, without JavaScript", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const stateOf = (id: string) => app.deps.db.select({ until: users.suspendedUntil, reason: users.suspensionReason }).from(users).where(eq(users.id, id)).get()!;
  const auditCount = () => app.deps.db.select().from(moderationLog).all().length;

  it("a moderator suspends a member until a day with a reason (one audit entry), sees it on the profile, and lifts it (one more)", async () => {
    const { browser } = await signInAs(app, "moderator");
    const member = await makeUser(app.deps);
    const profile = pageText(await (await browser.request(`/u/${member.handle}`)).text());
    expect(profile).toContain('<h2 id="suspension">Suspension</h2>');
    const before = auditCount();
    const suspended = await browser.post(`/u/${member.handle}`, { intent: "suspend", until: "2026-01-20", suspendReason: "Posting referral links" });
    expect(suspended.status).toBe(302);
    expect(suspended.headers.get("location")).toBe(`/u/${member.handle}?done=suspended#suspension`);
    expect(stateOf(member.id)).toEqual({ until: new Date("2026-01-20T00:00:00Z"), reason: "Posting referral links" });
    expect(auditCount()).toBe(before + 1);
    const shown = pageText(await (await browser.request(`/u/${member.handle}?done=suspended`)).text());
    expect(shown).toContain("Suspended until 2026-01-20 (UTC): Posting referral links");
    expect(shown).toContain("Lift the suspension");

    expect((await browser.post(`/u/${member.handle}`, { intent: "unsuspend" })).status).toBe(302);
    expect(stateOf(member.id)).toEqual({ until: null, reason: null });
    expect(auditCount()).toBe(before + 2);
    // A second lift is a conflict, said on the page, and logs nothing.
    const again = await browser.post(`/u/${member.handle}`, { intent: "unsuspend" });
    expect(again.status).toBe(409);
    expect(pageText(await again.text())).toContain("This member is not suspended.");
    expect(auditCount()).toBe(before + 2);
  });

  it("a past or malformed date or a missing reason is refused next to its field and changes nothing", async () => {
    const { browser } = await signInAs(app, "moderator");
    const member = await makeUser(app.deps);
    const before = auditCount();
    const cases: [Record<string, string>, string][] = [
      [{ until: "2025-12-01", suspendReason: "Spam" }, 'id="field-until-error" role="alert">Pick a date in the future'],
      [{ until: "next week", suspendReason: "Spam" }, 'id="field-until-error" role="alert">Use a date like 2026-12-25'],
      [{ until: "2026-02-01", suspendReason: "" }, 'id="field-suspendReason-error" role="alert">Give a reason'],
    ];
    for (const [fields, message] of cases) {
      const response = await browser.post(`/u/${member.handle}`, { intent: "suspend", ...fields });
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(pageText(await response.text())).toContain(message);
    }
    expect(stateOf(member.id)).toEqual({ until: null, reason: null });
    expect(auditCount()).toBe(before);
  });

  it("a moderator cannot suspend an admin or another moderator (403, nothing changed) and is not offered to", async () => {
    const { browser } = await signInAs(app, "moderator");
    const before = auditCount();
    for (const role of ["admin", "moderator"] as const) {
      const target = await makeUser(app.deps, { role });
      expect(pageText(await (await browser.request(`/u/${target.handle}`)).text())).not.toContain('id="suspension"');
      const response = await browser.post(`/u/${target.handle}`, { intent: "suspend", until: "2026-02-01", suspendReason: "Nope" });
      expect(response.status, role).toBe(403);
      expect(stateOf(target.id)).toEqual({ until: null, reason: null });
    }
    expect(auditCount()).toBe(before);
  });

  it("an admin suspends a moderator; members and staff see no suspension section and get 403", async () => {
    const moderator = await makeUser(app.deps, { role: "moderator" });
    const admin = await signInAs(app, "admin");
    expect((await admin.browser.post(`/u/${moderator.handle}`, { intent: "suspend", until: "2026-02-01", suspendReason: "Abused the tools" })).status).toBe(302);
    expect(stateOf(moderator.id).reason).toBe("Abused the tools");
    for (const role of ["member", "staff"] as const) {
      const { browser } = await signInAs(app, role);
      const target = await makeUser(app.deps);
      expect(pageText(await (await browser.request(`/u/${target.handle}`)).text())).not.toContain('id="suspension"');
      expect((await browser.post(`/u/${target.handle}`, { intent: "suspend", until: "2026-02-01", suspendReason: "Spam" })).status, role).toBe(403);
      expect(stateOf(target.id)).toEqual({ until: null, reason: null });
    }
  });
});
