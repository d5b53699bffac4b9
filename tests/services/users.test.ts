import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "@db/schema";
import { Invalid, RateLimited } from "~/services/errors";
import { authenticate, signUp, SIGN_IN_LIMIT_PER_ACCOUNT } from "~/services/users.server";
import { createTestDeps, type TestDeps } from "../setup/deps";

const valid = { email: "Alice@Example.com", displayName: "Alice", handle: "alice", password: "long enough password" };

describe("accounts", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("signs up a member with a normalised email and an argon2id hash", async () => {
    const user = await signUp(deps, valid);
    expect(user.email).toBe("alice@example.com");
    expect(user.role).toBe("member");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("rejects bad sign-up data field by field and saves nothing", async () => {
    const error = await signUp(deps, { email: "nope", displayName: "", handle: "A!", password: "short" }).catch((e) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect(Object.keys((error as Invalid).fields).sort()).toEqual(["displayName", "email", "handle", "password"]);
    expect(deps.db.select().from(users).all()).toHaveLength(0);
  });

  it("refuses a taken email or handle with a field error", async () => {
    await signUp(deps, valid);
    const sameEmail = await signUp(deps, { ...valid, handle: "other" }).catch((e) => e);
    expect((sameEmail as Invalid).fields).toEqual({ email: "An account with this email already exists" });
    const sameHandle = await signUp(deps, { ...valid, email: "x@example.com" }).catch((e) => e);
    expect((sameHandle as Invalid).fields).toEqual({ handle: "This handle is taken" });
  });

  it("lets exactly one of two racing sign-ups for the same email through", async () => {
    const results = await Promise.allSettled([
      signUp(deps, valid),
      signUp(deps, { ...valid, handle: "alice2" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(Invalid);
    expect(deps.db.select().from(users).where(eq(users.email, "alice@example.com")).all()).toHaveLength(1);
  });

  it("says the same thing for a wrong password and an unknown account", async () => {
    await signUp(deps, valid);
    const wrong = await authenticate(deps, { email: valid.email, password: "wrong password!", ip: "1.1.1.1" }).catch((e) => e);
    const unknown = await authenticate(deps, { email: "ghost@example.com", password: "whatever12", ip: "1.1.1.1" }).catch((e) => e);
    expect(wrong.message).toBe("Wrong email or password.");
    expect(unknown.message).toBe(wrong.message);
    const user = await authenticate(deps, { email: " ALICE@example.com ", password: valid.password, ip: "1.1.1.1" });
    expect(user.handle).toBe("alice");
  });

  it("throttles an account after repeated failures, even with the right password, until the window ends", async () => {
    await signUp(deps, valid);
    for (let i = 0; i < SIGN_IN_LIMIT_PER_ACCOUNT.max; i++) {
      await expect(authenticate(deps, { email: valid.email, password: "bad password", ip: `10.0.0.${i}` })).rejects.toBeInstanceOf(Invalid);
    }
    const blocked = await authenticate(deps, { email: valid.email, password: valid.password, ip: "10.0.1.1" }).catch((e) => e);
    expect(blocked).toBeInstanceOf(RateLimited);
    expect((blocked as RateLimited).retryAfterSeconds).toBeGreaterThan(0);
    deps.clock.advance(SIGN_IN_LIMIT_PER_ACCOUNT.windowMs);
    await expect(authenticate(deps, { email: valid.email, password: valid.password, ip: "10.0.1.1" })).resolves.toMatchObject({ handle: "alice" });
  });

  it("throttles an IP that tries many accounts", async () => {
    for (let i = 0; i < 30; i++) {
      await authenticate(deps, { email: `guess${i}@example.com`, password: "guess guess", ip: "6.6.6.6" }).catch(() => {});
    }
    await expect(authenticate(deps, { email: "any@example.com", password: "guess guess", ip: "6.6.6.6" })).rejects.toBeInstanceOf(RateLimited);
    await expect(authenticate(deps, { email: "any@example.com", password: "guess guess", ip: "7.7.7.7" })).rejects.toBeInstanceOf(Invalid);
  });
});
