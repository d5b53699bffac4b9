import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { threads } from "@db/schema";
import { countThreadSitemaps, listSitemapThreads, SITEMAP_MAX } from "~/services/feeds.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

describe("thread sitemaps", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("cut thread ids into fixed blocks, each listing its visible threads in id order", async () => {
    const asker = await makeUser(deps);
    const category = makeCategory(deps.db);
    const ids = Array.from({ length: 5 }, (_, i) => ask(deps, asker, category, { title: `Question number ${i + 1}` }).id);
    deps.db.update(threads).set({ hidden: true }).where(eq(threads.id, ids[3]!)).run();
    const first = ids[0]!;
    // Blocks are by id, so start counting from the first id the fresh database handed out.
    const size = 2;
    const blockOf = (id: number) => Math.ceil(id / size);
    expect(countThreadSitemaps(deps, size)).toBe(blockOf(ids[4]!));
    const listed = (block: number) => listSitemapThreads(deps, block, size).map((t) => t.id);
    const all = Array.from({ length: countThreadSitemaps(deps, size) }, (_, i) => listed(i + 1)).flat();
    expect(all.filter((id) => id >= first)).toEqual([ids[0], ids[1], ids[2], ids[4]]);
    expect(listed(blockOf(ids[4]!))).toContain(ids[4]);
    expect(listed(blockOf(ids[4]!) + 1)).toEqual([]);
  });

  it("list one file for an empty community and keep to the protocol's 50,000 URLs a file", () => {
    expect(countThreadSitemaps(deps)).toBe(1);
    expect(listSitemapThreads(deps, 1)).toEqual([]);
    expect(SITEMAP_MAX).toBe(50_000);
  });
});
