import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Invalid, RateLimited } from "~/services/errors";
import { updateSettings } from "~/services/settings.server";
import { checkFormStart, FORM_STAMP_MAX_AGE_MS, issueFormStamp, renewFormStamp } from "~/services/form-guard.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";

function refusal(check: () => void): unknown {
  try {
    check();
  } catch (error) {
    return error;
  }
  return null;
}

// Issue 12: sign-up and ask carry a honeypot and a minimum fill time.
describe("the robot check on the sign-up and ask forms", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("a form sent sooner than 3 seconds after it was opened is refused with how long to wait; at 3 seconds it passes", () => {
    const stamp = issueFormStamp(deps, "sign-up");
    deps.clock.advance(1200);
    const tooFast = refusal(() => checkFormStart(deps, "sign-up", { stamp, honeypot: "" }));
    expect(tooFast).toBeInstanceOf(RateLimited);
    expect(tooFast).toMatchObject({ retryAfterSeconds: 2, message: "That was sent faster than a person fills in this form. Check it, then send it again in 2 seconds." });
    // The refused form goes back with its own stamp, so waiting is enough.
    expect(renewFormStamp(deps, "sign-up", stamp)).toBe(stamp);
    deps.clock.advance(1800);
    expect(refusal(() => checkFormStart(deps, "sign-up", { stamp, honeypot: "" }))).toBeNull();
  });

  it("a filled-in honeypot is refused, however long the form was open", () => {
    const stamp = issueFormStamp(deps, "ask");
    deps.clock.advance(60_000);
    const refused = refusal(() => checkFormStart(deps, "ask", { stamp, honeypot: "https://cheap-pills.example" }));
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).fields.form).toMatch(/hidden “Leave this field empty” field was filled in/);
  });

  it("a missing, forged, tampered or other form's stamp is refused, and the form gets a new one", () => {
    const stamp = issueFormStamp(deps, "ask");
    deps.clock.advance(60_000);
    const [issuedAt, signature] = stamp.split(".") as [string, string];
    const earlier = `${Number(issuedAt) - 60_000}.${signature}`;
    for (const bad of [undefined, "", "12345", earlier, `${issuedAt}.${"A".repeat(43)}`, issueFormStamp({ ...deps, clock: { now: () => new Date(0) } }, "sign-up")]) {
      const refused = refusal(() => checkFormStart(deps, "ask", { stamp: bad, honeypot: "" }));
      expect(refused, String(bad)).toBeInstanceOf(Invalid);
      expect((refused as Invalid).fields.form).toBe("This form could not be checked (it did not come from this page). Send it again from here.");
      expect(renewFormStamp(deps, "ask", bad)).not.toBe(bad);
    }
    expect(refusal(() => checkFormStart(deps, "sign-up", { stamp, honeypot: "" }))).toBeInstanceOf(Invalid);
  });

  it("a form opened a day ago or more is sent again with a new stamp", () => {
    const stamp = issueFormStamp(deps, "ask");
    deps.clock.advance(FORM_STAMP_MAX_AGE_MS);
    expect((refusal(() => checkFormStart(deps, "ask", { stamp, honeypot: "" })) as Invalid).fields.form).toBe(
      "This form was opened more than a day ago. Check it and send it again.",
    );
    const renewed = renewFormStamp(deps, "ask", stamp);
    expect(renewed).not.toBe(stamp);
    deps.clock.advance(3000);
    expect(refusal(() => checkFormStart(deps, "ask", { stamp: renewed, honeypot: "" }))).toBeNull();
  });

  it("staff are not timed; admins set the minimum (0 turns the timing off, never the honeypot)", async () => {
    const staff = await makeUser(deps, { role: "staff" });
    const member = await makeUser(deps);
    const stamp = issueFormStamp(deps, "ask");
    expect(refusal(() => checkFormStart(deps, "ask", { stamp, honeypot: "", actor: staff }))).toBeNull();
    expect(refusal(() => checkFormStart(deps, "ask", { stamp, honeypot: "", actor: member }))).toBeInstanceOf(RateLimited);
    updateSettings(deps, { spamMinFillSeconds: 0 });
    expect(refusal(() => checkFormStart(deps, "ask", { stamp, honeypot: "", actor: member }))).toBeNull();
    expect(refusal(() => checkFormStart(deps, "ask", { stamp, honeypot: "x", actor: staff }))).toBeInstanceOf(Invalid);
    updateSettings(deps, { spamMinFillSeconds: 10 });
    deps.clock.advance(9000);
    expect(refusal(() => checkFormStart(deps, "ask", { stamp, honeypot: "", actor: member }))).toMatchObject({ retryAfterSeconds: 1 });
  });
});
