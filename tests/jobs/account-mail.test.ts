import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultRegistry, runOnce } from "~/jobs/scheduler.server";
import { sendVerificationLink, verifyEmail } from "~/services/email-verification.server";
import { confirmEmailChange, requestEmailChange } from "~/services/email-change.server";
import { requestPasswordReset, resetPassword } from "~/services/password-reset.server";
import { signUp } from "~/services/users.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import type { TestDeps } from "../setup/deps";
import { startSmtpDeps, type startSmtp } from "../setup/smtp-server";

const PUBLIC_URL = "https://community.example.test";

/** The message body with quoted-printable soft line breaks and escapes undone, so links read whole. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe("account mail over a real SMTP server", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let deps: TestDeps;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ smtp, deps, close } = await startSmtpDeps(PUBLIC_URL));
  });
  afterEach(() => close());

  it("delivers a reset link that works from the delivered message, and nothing for an unknown address", async () => {
    const user = await makeUser(deps);
    requestPasswordReset(deps, { email: user.email, ip: "10.0.0.1" });
    requestPasswordReset(deps, { email: "nobody@example.test", ip: "10.0.0.1" });
    await runOnce(deps, defaultRegistry());
    expect(smtp.messages.map((message) => message.to)).toEqual([[user.email]]);
    const body = decoded(smtp.messages[0]!.raw);
    expect(body).toMatch(/^Subject: Reset your .+ password/m);
    const token = new RegExp(`${PUBLIC_URL}/auth/reset-password\\?token=([A-Za-z0-9_-]{43})`).exec(body)?.[1];
    expect(token).toBeDefined();
    await expect(resetPassword(deps, { token: token!, password: "delivered and used" })).resolves.toMatchObject({ id: user.id });
  });

  it("delivers a verification link that confirms the address", async () => {
    const result = await signUp(deps, { email: "zoe@example.test", displayName: "Zoe", handle: "zoe", password: "long enough password", ip: "10.0.0.2" });
    if (!result.created) throw new Error("expected an account");
    sendVerificationLink(deps, result.user.id);
    await runOnce(deps, defaultRegistry());
    expect(smtp.messages.map((message) => message.to)).toEqual([["zoe@example.test"]]);
    const token = new RegExp(`${PUBLIC_URL}/auth/verify\\?token=([A-Za-z0-9_-]{43})`).exec(decoded(smtp.messages[0]!.raw))?.[1];
    expect(verifyEmail(deps, token)).toEqual({ userId: result.user.id });
  });

  it("delivers the email-change link to the new address (which it confirms) and a notice without the link to the old one", async () => {
    const user = await makeUser(deps);
    await requestEmailChange(deps, user, { email: "moved@example.test", currentPassword: TEST_PASSWORD });
    await runOnce(deps, defaultRegistry());
    expect(smtp.messages.map((message) => message.to).sort()).toEqual([[user.email], ["moved@example.test"]].sort());
    const toNew = decoded(smtp.messages.find((message) => message.to[0] === "moved@example.test")!.raw);
    const toOld = decoded(smtp.messages.find((message) => message.to[0] === user.email)!.raw);
    expect(toNew).toMatch(/^Subject: Confirm your new email address/m);
    expect(toOld).toMatch(/^Subject: A change of email address was requested/m);
    expect(toOld).toContain("moved@example.test");
    expect(toOld).not.toContain("/account/email/confirm");
    const token = new RegExp(`${PUBLIC_URL}/account/email/confirm\\?token=([A-Za-z0-9_-]{43})`).exec(toNew)?.[1];
    expect(token).toBeDefined();
    expect(confirmEmailChange(deps, token)).toEqual({ userId: user.id, email: "moved@example.test" });
  });
});
