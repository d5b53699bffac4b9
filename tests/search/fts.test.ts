import { describe, expect, it } from "vitest";
import { createSqliteFtsIndex, RANKED_CANDIDATES } from "@search/sqlite-fts.server";
import { createTestDb } from "../setup/db";
import { describeSearchIndexContract } from "./contract";
import { CORPUS } from "./corpus";

describeSearchIndexContract("SQLite FTS5", async () => {
  const { db } = createTestDb();
  return { index: createSqliteFtsIndex(db), cleanup: async () => void db.$client.close() };
});

describe("SQLite FTS5 on unselective queries", () => {
  it("ranks only the newest RANKED_CANDIDATES matches and says the total is a lower bound", async () => {
    const { db } = createTestDb();
    const index = createSqliteFtsIndex(db);
    const filler = CORPUS[1]!;
    const docs = Array.from({ length: RANKED_CANDIDATES + 50 }, (_, i) => ({
      ...filler,
      id: i + 1,
      title: i === 10 ? "Router restart guide" : `Thread ${i}`,
      question: "router lights blink",
      accepted: "",
      solved: false,
    }));
    await index.upsert(docs);
    const newest = await index.search({ q: "router" });
    expect(newest).toMatchObject({ total: RANKED_CANDIDATES, exhaustive: false });
    expect(newest.hits).toHaveLength(20);
    expect(newest.hits.every((hit) => hit.id > 50)).toBe(true);
    await index.upsert([{ ...docs[10]!, id: RANKED_CANDIDATES + 49 }]);
    expect((await index.search({ q: "router" })).hits[0]!.id).toBe(RANKED_CANDIDATES + 49);
    expect((await index.search({ q: "router", sort: "newest" })).total).toBe(RANKED_CANDIDATES + 50);
    db.$client.close();
  });
});
