import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rateLimits } from "@db/schema";
import { consumeHits, describeWait, isRemembered, refundHit, remember } from "~/services/rate-limit.server";
import { createTestDeps, type TestDeps } from "../setup/deps";

const FIVE = { max: 5, windowMs: 15 * 60_000 };
const HOURLY = { max: 50, windowMs: 60 * 60_000 };

describe("rate limits", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  const count = (key: string) => deps.db.select().from(rateLimits).where(eq(rateLimits.key, key)).get()?.count ?? 0;

  it("admits up to the limit, then refuses with the seconds left in the window", () => {
    for (let i = 0; i < FIVE.max; i++) expect(consumeHits(deps, [{ key: "a", limit: FIVE }])).toEqual({ allowed: true });
    deps.clock.advanceMinutes(4);
    expect(consumeHits(deps, [{ key: "a", limit: FIVE }])).toEqual({ allowed: false, retryAfterSeconds: 11 * 60 });
    deps.clock.advanceMinutes(11);
    expect(consumeHits(deps, [{ key: "a", limit: FIVE }])).toEqual({ allowed: true });
  });

  it("an attempt refused by one key is counted against none of the others", () => {
    for (let i = 0; i < FIVE.max; i++) consumeHits(deps, [{ key: "pair", limit: FIVE }, { key: "account", limit: HOURLY }]);
    for (let i = 0; i < 20; i++) {
      expect(consumeHits(deps, [{ key: "pair", limit: FIVE }, { key: "account", limit: HOURLY }]).allowed).toBe(false);
    }
    expect([count("pair"), count("account")]).toEqual([FIVE.max, FIVE.max]);
  });

  it("gives back a hit only within its window, never below zero", () => {
    consumeHits(deps, [{ key: "b", limit: FIVE }]);
    refundHit(deps, "b");
    refundHit(deps, "b");
    expect(count("b")).toBe(0);
    consumeHits(deps, [{ key: "b", limit: FIVE }]);
    deps.clock.advance(FIVE.windowMs);
    refundHit(deps, "b");
    expect(count("b")).toBe(1);
  });

  it("remembers a fact until it expires", () => {
    remember(deps, "known", 60_000);
    expect(isRemembered(deps, "known")).toBe(true);
    deps.clock.advance(60_000);
    expect(isRemembered(deps, "known")).toBe(false);
  });

  it("words a wait in minutes, or hours when long", () => {
    expect([describeWait(1), describeWait(61), describeWait(900), describeWait(4 * 3600)]).toEqual(["1 minute", "2 minutes", "15 minutes", "4 hours"]);
  });
});
