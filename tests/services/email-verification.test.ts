import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs, userTokens, users } from "@db/schema";
import { sendVerificationLink, VERIFY_LINK_PROBLEM, VERIFY_MAILS_PER_ACCOUNT, verifyEmail } from "~/services/email-verification.server";
import { UNVERIFIED_EMAIL_CANNOT_POST } from "~/services/anti-spam.server";
import { Forbidden, RateLimited } from "~/services/errors";
import { createReply } from "~/services/posts.server";
import { updateSettings } from "~/services/settings.server";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import type { MailMessage } from "~/services/mail.server";
import { hashUserToken } from "~/services/user-tokens.server";
import { signUp } from "~/services/users.server";
import { seedDemo } from "@db/seed";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";

describe("email verification", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps({}, { PUBLIC_URL: "https://community.example.test" });
  });
  afterEach(() => deps.db.$client.close());

  const mails = () => deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage);
  const tokenFrom = (mail: MailMessage) => {
    const match = /https:\/\/community\.example\.test\/auth\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
    if (!match) throw new Error(`no verification link in: ${mail.text}`);
    return match[1]!;
  };
  const member = async () => {
    const result = await signUp(deps, { email: "ann@example.test", displayName: "Ann", handle: "ann", password: "long enough password", ip: "10.0.0.1" });
    if (!result.created) throw new Error("expected an account");
    return result.user;
  };
  const verifiedAt = (id: string) => deps.db.select().from(users).where(eq(users.id, id)).get()!.emailVerifiedAt;

  it("public sign-ups start unverified; accounts made by operators, the seed and the test factory count as verified", async () => {
    expect((await member()).emailVerifiedAt).toBeNull();
    expect((await makeUser(deps)).emailVerifiedAt).toBeInstanceOf(Date);
    await seedDemo(deps);
    const demo = deps.db.select({ handle: users.handle, emailVerifiedAt: users.emailVerifiedAt }).from(users).all().filter((row) => row.handle !== "ann");
    expect(demo.length).toBeGreaterThan(2);
    expect(demo.filter((row) => !row.emailVerifiedAt)).toEqual([]);
  });

  it("mails an absolute link (hashed token, 24 hours) that verifies the account once", async () => {
    const user = await member();
    sendVerificationLink(deps, user.id);
    const [mail] = mails();
    expect(mail!.to).toBe("ann@example.test");
    const token = tokenFrom(mail!);
    const row = deps.db.select().from(userTokens).get()!;
    expect(row.tokenHash).toBe(hashUserToken(token));
    expect(row.purpose).toBe("verify_email");
    expect(row.expiresAt.getTime() - deps.clock.now().getTime()).toBe(24 * 60 * 60_000);

    deps.clock.advanceMinutes(30);
    expect(verifyEmail(deps, token)).toEqual({ userId: user.id });
    expect(verifiedAt(user.id)).toEqual(deps.clock.now());
    expect(() => verifyEmail(deps, token)).toThrow(VERIFY_LINK_PROBLEM);
  });

  it("an expired, unknown or malformed link changes nothing", async () => {
    const user = await member();
    sendVerificationLink(deps, user.id);
    const token = tokenFrom(mails()[0]!);
    deps.clock.advanceMinutes(24 * 60);
    expect(() => verifyEmail(deps, token)).toThrow(VERIFY_LINK_PROBLEM);
    expect(() => verifyEmail(deps, "B".repeat(43))).toThrow(VERIFY_LINK_PROBLEM);
    expect(() => verifyEmail(deps, "../etc")).toThrow(VERIFY_LINK_PROBLEM);
    expect(verifiedAt(user.id)).toBeNull();
    expect(deps.db.select().from(userTokens).get()!.usedAt).toBeNull();
  });

  it("a reset-password token does not verify, nor a link for an address the account no longer has", async () => {
    const user = await member();
    sendVerificationLink(deps, user.id);
    const token = tokenFrom(mails()[0]!);
    deps.db.update(users).set({ email: "elsewhere@example.test" }).where(eq(users.id, user.id)).run();
    expect(() => verifyEmail(deps, token)).toThrow(VERIFY_LINK_PROBLEM);
    deps.db.update(userTokens).set({ purpose: "reset_password" }).run();
    deps.db.update(users).set({ email: "ann@example.test" }).where(eq(users.id, user.id)).run();
    expect(() => verifyEmail(deps, token)).toThrow(VERIFY_LINK_PROBLEM);
    expect(verifiedAt(user.id)).toBeNull();
  });

  it("sends again only a few times an hour, and never to a verified account", async () => {
    const user = await member();
    for (let i = 0; i < VERIFY_MAILS_PER_ACCOUNT.max; i += 1) sendVerificationLink(deps, user.id);
    expect(() => sendVerificationLink(deps, user.id)).toThrow(RateLimited);
    expect(mails()).toHaveLength(VERIFY_MAILS_PER_ACCOUNT.max);
    const verified = await makeUser(deps);
    sendVerificationLink(deps, verified.id);
    expect(mails()).toHaveLength(VERIFY_MAILS_PER_ACCOUNT.max);
  });

  it("with requireVerifiedEmailToPost on, refuses an unverified account's question and reply until it verifies; off, lets it post", async () => {
    const user = await member();
    const old = await makeUser(deps);
    const category = makeCategory(deps.db);
    const thread = ask(deps, old, category);
    expect(ask(deps, user, category).id).toBeGreaterThan(0);

    updateSettings(deps, { requireVerifiedEmailToPost: true });
    expect(() => ask(deps, user, category)).toThrow(Forbidden);
    expect(() => createReply(deps, user, thread.id, { body: "Try turning it off and on." })).toThrow(UNVERIFIED_EMAIL_CANNOT_POST);
    expect(createReply(deps, old, thread.id, { body: "Verified members post as before." })).toBeTruthy();

    sendVerificationLink(deps, user.id);
    verifyEmail(deps, tokenFrom(mails()[0]!));
    expect(createReply(deps, user, thread.id, { body: "Try turning it off and on." })).toBeTruthy();
  });
});
