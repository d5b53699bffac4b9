import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs, sessions, userTokens, users } from "@db/schema";
import { Invalid, RateLimited } from "~/services/errors";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import type { MailMessage } from "~/services/mail.server";
import { RESET_LINK_PROBLEM } from "~/domain/password-reset";
import {
  isResetTokenLive,
  RESET_MAILS_PER_EMAIL,
  RESET_REQUESTS_PER_ADDRESS,
  requestPasswordReset,
  resetPassword,
} from "~/services/password-reset.server";
import { hashUserToken } from "~/services/user-tokens.server";
import { authenticate } from "~/services/users.server";
import { verifyPassword } from "~/utils/passwords.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import { createTestDeps, type TestDeps } from "../setup/deps";

const NEW_PASSWORD = "a brand new password";

describe("password reset by emailed link", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps({}, { PUBLIC_URL: "https://community.example.test" });
  });
  afterEach(() => deps.db.$client.close());

  const mails = () => deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage);
  const tokenFrom = (mail: MailMessage) => {
    const match = /https:\/\/community\.example\.test\/auth\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
    if (!match) throw new Error(`no reset link in: ${mail.text}`);
    return match[1]!;
  };
  const ask = (email: string, ip = "10.0.0.1") => requestPasswordReset(deps, { email, ip });

  it("mails an absolute single-use link whose token is stored only as its sha256 hash", async () => {
    const user = await makeUser(deps);
    ask(user.email.toUpperCase());
    const [mail] = mails();
    expect(mail!.to).toBe(user.email);
    const token = tokenFrom(mail!);
    const rows = deps.db.select().from(userTokens).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashUserToken(token));
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]).toMatchObject({ userId: user.id, purpose: "reset_password", email: user.email, usedAt: null });
    expect(rows[0]!.expiresAt.getTime() - deps.clock.now().getTime()).toBe(60 * 60_000);
  });

  it("answers an unknown address exactly like a known one and mails nobody", async () => {
    expect(ask("nobody@example.test")).toBeUndefined();
    expect(mails()).toEqual([]);
    expect(deps.db.select().from(userTokens).all()).toEqual([]);
  });

  it("refuses a malformed address next to the field", () => {
    expect(() => ask("not-an-email")).toThrow(Invalid);
    try {
      ask("not-an-email");
    } catch (error) {
      expect((error as Invalid).fields).toEqual({ email: "Enter a valid email address" });
    }
  });

  it("sets the new password once, ends every session of the account, and the link then stops working", async () => {
    const user = await makeUser(deps);
    const other = await makeUser(deps);
    await deps.lucia.createSession(user.id, {});
    await deps.lucia.createSession(user.id, {});
    const othersSession = await deps.lucia.createSession(other.id, {});
    ask(user.email);
    const token = tokenFrom(mails()[0]!);
    expect(isResetTokenLive(deps, token)).toBe(true);

    const changed = await resetPassword(deps, { token, password: NEW_PASSWORD });
    expect(changed.id).toBe(user.id);
    const stored = deps.db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect(await verifyPassword(stored.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(deps.db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
    expect(deps.db.select().from(sessions).where(eq(sessions.id, othersSession.id)).get()).toBeDefined();
    expect(deps.db.select().from(userTokens).get()!.usedAt).toEqual(deps.clock.now());
    await expect(authenticate(deps, { email: user.email, password: NEW_PASSWORD, ip: "10.0.0.2" })).resolves.toMatchObject({ id: user.id });

    expect(isResetTokenLive(deps, token)).toBe(false);
    await expect(resetPassword(deps, { token, password: "yet another password" })).rejects.toThrow(RESET_LINK_PROBLEM);
    const after = deps.db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect(after.passwordHash).toBe(stored.passwordHash);
  });

  it("refuses an expired link and changes nothing", async () => {
    const user = await makeUser(deps);
    ask(user.email);
    const token = tokenFrom(mails()[0]!);
    await deps.lucia.createSession(user.id, {});
    deps.clock.advanceMinutes(59);
    expect(isResetTokenLive(deps, token)).toBe(true);
    deps.clock.advanceMinutes(1);
    expect(isResetTokenLive(deps, token)).toBe(false);
    await expect(resetPassword(deps, { token, password: NEW_PASSWORD })).rejects.toThrow(RESET_LINK_PROBLEM);
    const stored = deps.db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect(await verifyPassword(stored.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(deps.db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(1);
    expect(deps.db.select().from(userTokens).get()!.usedAt).toBeNull();
  });

  it("refuses an unknown or malformed token, and a too-short password next to the field without using the link", async () => {
    const user = await makeUser(deps);
    await expect(resetPassword(deps, { token: "A".repeat(43), password: NEW_PASSWORD })).rejects.toThrow(RESET_LINK_PROBLEM);
    await expect(resetPassword(deps, { token: "<script>", password: NEW_PASSWORD })).rejects.toThrow(RESET_LINK_PROBLEM);
    ask(user.email);
    const token = tokenFrom(mails()[0]!);
    await expect(resetPassword(deps, { token, password: "short" })).rejects.toMatchObject({ fields: { password: "Use at least 10 characters" } });
    expect(isResetTokenLive(deps, token)).toBe(true);
  });

  it("a link mailed before the account's email changed does not reset it", async () => {
    const user = await makeUser(deps);
    ask(user.email);
    const token = tokenFrom(mails()[0]!);
    deps.db.update(users).set({ email: "moved@example.test" }).where(eq(users.id, user.id)).run();
    await expect(resetPassword(deps, { token, password: NEW_PASSWORD })).rejects.toThrow(RESET_LINK_PROBLEM);
  });

  it("stops mailing one address past its limit without saying so, and throttles one network openly", async () => {
    const user = await makeUser(deps);
    for (let i = 0; i < RESET_MAILS_PER_EMAIL.max + 2; i += 1) ask(user.email, `10.0.1.${i}`);
    expect(mails()).toHaveLength(RESET_MAILS_PER_EMAIL.max);

    for (let i = 0; i < RESET_REQUESTS_PER_ADDRESS.max; i += 1) ask(`someone${i}@example.test`, "10.9.9.9");
    expect(() => ask("someone-else@example.test", "10.9.9.9")).toThrow(RateLimited);
    deps.clock.advance(RESET_REQUESTS_PER_ADDRESS.windowMs);
    expect(() => ask("someone-else@example.test", "10.9.9.9")).not.toThrow();
  });
});
