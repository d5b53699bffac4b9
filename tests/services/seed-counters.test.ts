import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { badges, follows, threads } from "@db/schema";
import { seedDemo } from "@db/seed";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { expectedCounters, storedCounters } from "../qa-helpers";

describe("the demo community", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("loads with every counter matching the rows it counts, askers following, badges earned", async () => {
    await seedDemo(deps);
    expect(storedCounters(deps.db)).toEqual(expectedCounters(deps.db));
    const threadCount = deps.db.select().from(threads).all().length;
    expect(deps.db.select().from(follows).all().length).toBeGreaterThanOrEqual(threadCount);
    expect(deps.db.select().from(badges).all().length).toBeGreaterThan(0);
  });
});
