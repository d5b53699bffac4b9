import { and, gt, ne } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { badges, categories, follows, posts, ROLES, threads } from "@db/schema";
import { seedDemo, seedIfEmpty } from "@db/seed";
import { rebuildIndex } from "@search/sync.server";
import { searchForApi } from "~/services/search.server";
import { authenticate } from "~/services/users.server";
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

  it("is big enough to explore: 4–6 categories, 30+ threads, accepted answers and staff replies", async () => {
    await seedDemo(deps);
    const categoryCount = deps.db.select().from(categories).all().length;
    expect(categoryCount).toBeGreaterThanOrEqual(4);
    expect(categoryCount).toBeLessThanOrEqual(6);
    const all = deps.db.select().from(threads).all();
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(all.filter((thread) => thread.acceptedPostId !== null).length).toBeGreaterThanOrEqual(5);
    expect(all.filter((thread) => thread.hasStaffReply).length).toBeGreaterThanOrEqual(5);
    const staffReplies = deps.db.select().from(posts).where(and(gt(posts.position, 1), ne(posts.authorRole, "member"))).all();
    expect(staffReplies.length).toBeGreaterThanOrEqual(5);
  });

  it("prints a demo account of every role, each signing in with the demo password, and loads only once", async () => {
    const seeded = await seedIfEmpty(deps);
    expect(new Set(seeded!.accounts.map((account) => account.role))).toEqual(new Set(ROLES));
    for (const account of seeded!.accounts) {
      const user = await authenticate(deps, { email: account.email, password: seeded!.password, ip: "127.0.0.1" });
      expect(user).toMatchObject({ handle: account.handle, role: account.role });
    }
    const threadCount = deps.db.select().from(threads).all().length;
    expect(await seedIfEmpty(deps)).toBeNull();
    expect(deps.db.select().from(threads).all().length).toBe(threadCount);
  });

  it("is found the way its customers type: misspelt, half-typed, in other words (issue 15's examples)", async () => {
    await seedDemo(deps);
    await rebuildIndex(deps, { batchSize: 100 });
    const search = async (q: string) => {
      const found = await searchForApi(deps, { q, limit: 10 });
      if (!found.ok) throw new Error("search unavailable");
      return found.result;
    };
    for (const q of ["acount", "paymant", "contarct"]) {
      const result = await search(q);
      expect(result.total, q).toBeGreaterThan(0);
      expect(result.correctedQuery, q).toBeDefined();
    }
    expect((await search("wifi")).total).toBe((await search("wi-fi")).total);
    expect((await search("cellphone")).total).toBeGreaterThan(0);
    let previous = Number.POSITIVE_INFINITY;
    for (let end = 3; end <= "roaming".length; end++) {
      const { total } = await search("roaming".slice(0, end));
      expect(total, "roaming".slice(0, end)).toBeGreaterThan(0);
      expect(total).toBeLessThanOrEqual(previous);
      previous = total;
    }
    expect((await search("sim card")).hits[0]!.title).toMatch(/sim/i);
  });
});
