import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jobs, users } from "@db/schema";
import { Invalid, RateLimited } from "~/services/errors";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import type { MailMessage } from "~/services/mail.server";
import {
  authenticate,
  SIGN_IN_LIMITS,
  SIGN_UP_LIMIT_PER_ADDRESS,
  SIGN_UP_NOTICE_LIMIT,
  signUp,
} from "~/services/users.server";
import * as passwords from "~/utils/passwords.server";
import { createTestDeps, type TestDeps } from "../setup/deps";

// The real argon2 runs; the spies only count how often a password was checked.
vi.mock("~/utils/passwords.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/utils/passwords.server")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword), burnPasswordCheck: vi.fn(real.burnPasswordCheck) };
});
const passwordChecks = () => vi.mocked(passwords.verifyPassword).mock.calls.length + vi.mocked(passwords.burnPasswordCheck).mock.calls.length;

const valid = { email: "Alice@Example.com", displayName: "Alice", handle: "alice", password: "long enough password", ip: "1.1.1.1" };

describe("accounts", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
    vi.clearAllMocks();
  });
  afterEach(() => deps.db.$client.close());

  const mails = () =>
    deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage);
  const created = async (input: Parameters<typeof signUp>[1]) => {
    const result = await signUp(deps, input);
    if (!result.created) throw new Error("expected a new account");
    return result.user;
  };

  describe("sign-up", () => {
    it("signs up a member with a normalised email and an argon2id hash", async () => {
      const user = await created(valid);
      expect(user.email).toBe("alice@example.com");
      expect(user.role).toBe("member");
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    });

    it("rejects bad sign-up data field by field and saves nothing", async () => {
      const error = await signUp(deps, { email: "nope", displayName: "", handle: "A!", password: "short", ip: "1.1.1.1" }).catch((e) => e);
      expect(error).toBeInstanceOf(Invalid);
      expect(Object.keys((error as Invalid).fields).sort()).toEqual(["displayName", "email", "handle", "password"]);
      expect(deps.db.select().from(users).all()).toHaveLength(0);
    });

    it("says a handle is taken (handles are public)", async () => {
      await created(valid);
      const sameHandle = await signUp(deps, { ...valid, email: "x@example.com" }).catch((e) => e);
      expect((sameHandle as Invalid).fields).toEqual({ handle: "This handle is taken" });
    });

    it("never says an email is registered: no account, the same answer as a new one, and its owner is mailed", async () => {
      const owner = await created(valid);
      const fresh = await signUp(deps, { ...valid, email: "new@example.com", handle: "newbie" });
      const again = await signUp(deps, { ...valid, email: " ALICE@example.com", handle: "other", password: "another password", redirectTo: "/ask?title=Hi%20there" });
      expect(fresh.created).toBe(true);
      expect(again).toEqual({ created: false });
      expect(deps.db.select().from(users).where(eq(users.handle, "other")).get()).toBeUndefined();
      expect(deps.db.select().from(users).where(eq(users.id, owner.id)).get()!.passwordHash).toBe(owner.passwordHash);
      const [notice, ...more] = mails();
      expect(more).toEqual([]);
      expect(notice!.to).toBe("alice@example.com");
      expect(notice!.subject).toContain("tried to join");
      expect(notice!.text).toContain("Hello Alice");
      expect(notice!.text).toContain(`${deps.env.PUBLIC_URL}/auth/sign-in?redirectTo=%2Fask%3Ftitle%3DHi%2520there`);
    });

    it("mails an owner at most a few times a day, however often their email is tried", async () => {
      await created(valid);
      for (let i = 0; i < SIGN_UP_NOTICE_LIMIT.max + 2; i++) {
        await expect(signUp(deps, { ...valid, handle: `try_${i}`, ip: `9.9.9.${i}` })).resolves.toEqual({ created: false });
      }
      expect(mails()).toHaveLength(SIGN_UP_NOTICE_LIMIT.max);
      deps.clock.advance(SIGN_UP_NOTICE_LIMIT.windowMs);
      await signUp(deps, { ...valid, handle: "try_later", ip: "9.9.8.1" });
      expect(mails()).toHaveLength(SIGN_UP_NOTICE_LIMIT.max + 1);
    });

    it("lets exactly one of two racing sign-ups for the same email through; the other looks the same as a taken email", async () => {
      const results = await Promise.all([signUp(deps, valid), signUp(deps, { ...valid, handle: "alice2" })]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results.filter((r) => !r.created)).toEqual([{ created: false }]);
      expect(deps.db.select().from(users).where(eq(users.email, "alice@example.com")).all()).toHaveLength(1);
    });

    it("throttles sign-ups per address, a registered email counted like a new one, with the wait", async () => {
      await created({ ...valid, ip: "5.5.5.5" });
      for (let i = 1; i < SIGN_UP_LIMIT_PER_ADDRESS.max; i++) {
        // Every other attempt uses the registered email: from outside it must count the same.
        const email = i % 2 ? "alice@example.com" : `n${i}@example.com`;
        await signUp(deps, { ...valid, email, handle: `n_${i}`, ip: "5.5.5.5" });
      }
      const refused = await signUp(deps, { ...valid, email: "late@example.com", handle: "late", ip: "5.5.5.5" }).catch((e) => e);
      expect(refused).toBeInstanceOf(RateLimited);
      expect(refused.message).toBe("Too many new accounts from your network. Try again in 60 minutes.");
      expect((refused as RateLimited).retryAfterSeconds).toBe(SIGN_UP_LIMIT_PER_ADDRESS.windowMs / 1000);
      const taken = await signUp(deps, { ...valid, handle: "late2", ip: "5.5.5.5" }).catch((e) => e);
      expect(taken).toBeInstanceOf(RateLimited);
      await expect(signUp(deps, { ...valid, email: "late@example.com", handle: "late", ip: "5.5.5.6" })).resolves.toMatchObject({ created: true });
      deps.clock.advance(SIGN_UP_LIMIT_PER_ADDRESS.windowMs);
      await expect(signUp(deps, { ...valid, email: "later@example.com", handle: "later", ip: "5.5.5.5" })).resolves.toMatchObject({ created: true });
    });

    it("counts a whole IPv6 /56 as one address, and mistakes in the form not at all", async () => {
      for (let i = 0; i < 3; i++) {
        await expect(signUp(deps, { ...valid, password: "short", ip: "2001:db8:7:700::1" })).rejects.toBeInstanceOf(Invalid);
      }
      for (let i = 0; i < SIGN_UP_LIMIT_PER_ADDRESS.max; i++) {
        await created({ ...valid, email: `v6_${i}@example.com`, handle: `v6_${i}`, ip: `2001:db8:7:7${i.toString(16).padStart(2, "0")}::${i + 1}` });
      }
      await expect(signUp(deps, { ...valid, email: "v6@example.com", handle: "v6_x", ip: "2001:db8:7:7ff:ffff::1" })).rejects.toBeInstanceOf(RateLimited);
      await expect(signUp(deps, { ...valid, email: "v6@example.com", handle: "v6_x", ip: "2001:db8:7:800::1" })).resolves.toMatchObject({ created: true });
    });
  });

  describe("sign-in", () => {
    const attempt = (password: string, ip: string, email = valid.email) => authenticate(deps, { email, password, ip });

    it("says the same thing for a wrong password and an unknown account, both checked by argon2", async () => {
      await created(valid);
      const wrong = await attempt("wrong password!", "1.1.1.1").catch((e) => e);
      const unknown = await attempt("whatever12", "1.1.1.1", "ghost@example.com").catch((e) => e);
      expect(wrong.message).toBe("Wrong email or password.");
      expect(unknown.message).toBe(wrong.message);
      expect(passwordChecks()).toBe(2);
      const user = await attempt(valid.password, "1.1.1.1", " ALICE@example.com ");
      expect(user.handle).toBe("alice");
    });

    it("ten wrong passwords fired at once against a limit of 5: five are checked, the rest refused without checking", async () => {
      await created(valid);
      expect(SIGN_IN_LIMITS.perAddressAndAccount.max).toBe(5);
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => attempt("guessing wrong", "6.6.6.6")));
      const reasons = results.map((r) => (r.status === "rejected" ? r.reason : r.value));
      expect(reasons.filter((r) => r instanceof Invalid)).toHaveLength(5);
      expect(reasons.filter((r) => r instanceof RateLimited)).toHaveLength(5);
      expect(passwordChecks()).toBe(5);
      // The owner, elsewhere, with the right password, still gets in while that address is locked out.
      await expect(attempt(valid.password, "8.8.8.8")).resolves.toMatchObject({ handle: "alice" });
      await expect(attempt(valid.password, "6.6.6.6")).rejects.toBeInstanceOf(RateLimited);
      expect(passwordChecks()).toBe(6);
    });

    it("a locked-out address waits out its window, told how long, and then gets in", async () => {
      await created(valid);
      for (let i = 0; i < SIGN_IN_LIMITS.perAddressAndAccount.max; i++) {
        await expect(attempt("bad password", "10.0.0.1")).rejects.toBeInstanceOf(Invalid);
      }
      deps.clock.advanceMinutes(5);
      const blocked = await attempt(valid.password, "10.0.0.1").catch((e) => e);
      expect(blocked).toBeInstanceOf(RateLimited);
      expect(blocked.message).toBe("Too many sign-in attempts. Try again in 10 minutes.");
      expect((blocked as RateLimited).retryAfterSeconds).toBe(10 * 60);
      deps.clock.advanceMinutes(10);
      await expect(attempt(valid.password, "10.0.0.1")).resolves.toMatchObject({ handle: "alice" });
    });

    it("a successful sign-in clears that address's count for the account", async () => {
      await created(valid);
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < SIGN_IN_LIMITS.perAddressAndAccount.max - 1; i++) {
          await expect(attempt("typo typo", "10.0.0.2")).rejects.toBeInstanceOf(Invalid);
        }
        await expect(attempt(valid.password, "10.0.0.2")).resolves.toMatchObject({ handle: "alice" });
      }
    });

    it("throttles an address that tries many accounts, and no other address", async () => {
      for (let i = 0; i < SIGN_IN_LIMITS.perAddress.max; i++) {
        await attempt("guess guess", "6.6.6.6", `guess${i}@example.com`).catch(() => {});
      }
      await expect(attempt("guess guess", "6.6.6.6", "any@example.com")).rejects.toBeInstanceOf(RateLimited);
      await expect(attempt("guess guess", "7.7.7.7", "any@example.com")).rejects.toBeInstanceOf(Invalid);
    });

    it("guessing spread over many addresses is slowed per account; the owner's usual address still gets in", async () => {
      await created(valid);
      await attempt(valid.password, "192.0.2.1");
      const perAddress = SIGN_IN_LIMITS.perAddressAndAccount.max;
      for (let i = 0; i < SIGN_IN_LIMITS.perAccount.max; i++) {
        await expect(attempt("spread guess", `203.0.113.${Math.floor(i / perAddress)}`)).rejects.toBeInstanceOf(Invalid);
      }
      const checked = passwordChecks();
      await expect(attempt(valid.password, "198.51.100.1")).rejects.toBeInstanceOf(RateLimited);
      await expect(attempt("spread guess", "198.51.100.2")).rejects.toBeInstanceOf(RateLimited);
      expect(passwordChecks()).toBe(checked);
      await expect(attempt(valid.password, "192.0.2.1")).resolves.toMatchObject({ handle: "alice" });
      deps.clock.advance(SIGN_IN_LIMITS.perAccount.windowMs);
      await expect(attempt(valid.password, "198.51.100.1")).resolves.toMatchObject({ handle: "alice" });
    });

    it("counts a whole IPv6 /56 as one address", async () => {
      await created(valid);
      for (let i = 0; i < SIGN_IN_LIMITS.perAddressAndAccount.max; i++) {
        await expect(attempt("bad password", `2001:db8:1:2${i}::${i}`)).rejects.toBeInstanceOf(Invalid);
      }
      await expect(attempt(valid.password, "2001:db8:1:ff::1")).rejects.toBeInstanceOf(RateLimited);
      await expect(attempt(valid.password, "2001:db8:1:100::1")).resolves.toMatchObject({ handle: "alice" });
    });
  });
});
