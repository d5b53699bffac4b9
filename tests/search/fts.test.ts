import { describe, expect, it } from "vitest";
import { createSqliteFtsIndex, DOCUMENTS_PER_TRANSACTION, RANKED_CANDIDATES } from "@search/sqlite-fts.server";
import { HIGHLIGHT_POST, HIGHLIGHT_PRE } from "@search/types";
import { createTestDb } from "../setup/db";
import { describeSearchIndexContract } from "./contract";
import { CORPUS } from "./corpus";

describeSearchIndexContract("SQLite FTS5", async () => {
  const { db } = createTestDb();
  return { index: createSqliteFtsIndex(db), cleanup: async () => void db.$client.close() };
});

describe("SQLite FTS5 on unselective queries", () => {
  it("ranks title matches first, then only the newest RANKED_CANDIDATES other matches, and says the total is a lower bound", async () => {
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
    // The one thread with "router" in its title leads although it is old; the rest are the newest.
    expect(newest.hits[0]!.id).toBe(11);
    expect(newest.hits.slice(1).every((hit) => hit.id > 50)).toBe(true);
    const second = await index.search({ q: "router", offset: 20 });
    expect(second.hits).toHaveLength(20);
    expect(second.hits.map((hit) => hit.id)).not.toContain(11);
    expect(new Set([...newest.hits, ...second.hits].map((hit) => hit.id)).size).toBe(40);
    await index.upsert([{ ...docs[10]!, title: "Thread 10" }, { ...docs[10]!, id: RANKED_CANDIDATES + 49 }]);
    expect((await index.search({ q: "router" })).hits[0]!.id).toBe(RANKED_CANDIDATES + 49);
    expect((await index.search({ q: "router", sort: "newest" })).total).toBe(RANKED_CANDIDATES + 50);
    db.$client.close();
  });
});

describe("SQLite FTS5 writes", () => {
  it("writes a batch a few documents per transaction, the event loop turning between them, so the write lock is never held long", async () => {
    const { db } = createTestDb();
    const index = createSqliteFtsIndex(db);
    const base = CORPUS[1]!;
    const docs = Array.from({ length: 3 * DOCUMENTS_PER_TRANSACTION + 1 }, (_, i) => ({ ...base, id: i + 1, title: `Modem number ${i + 1}` }));
    const stored = () => db.$client.prepare("SELECT count(*) FROM search_docs").pluck().get() as number;
    const writing = index.upsert(docs);
    // The first transaction is in, and the rest wait for their turns.
    expect(stored()).toBe(DOCUMENTS_PER_TRANSACTION);
    expect(db.$client.inTransaction).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored()).toBeLessThan(docs.length);
    await writing;
    expect(stored()).toBe(docs.length);
    expect((await index.search({ q: "modem" })).total).toBe(docs.length);
    db.$client.close();
  });
});

// Meilisearch does not stem, so this is FTS5's own promise rather than the contract's.
describe("SQLite FTS5 stemming (porter)", () => {
  it("finds other forms of the words typed: 'dropped calls' finds a thread about a dropping call", async () => {
    const { db } = createTestDb();
    const index = createSqliteFtsIndex(db);
    const base = CORPUS[2]!;
    await index.upsert([
      { ...base, id: 1, title: "Dropping call on the train", question: "Every time the train enters the tunnel." },
      { ...base, id: 2, title: "Missed calls list is empty", question: "The list of calls stays blank." },
      { ...base, id: 3, title: "Wifi connection fails", question: "The laptop is connecting forever." },
    ]);
    const dropped = await index.search({ q: "dropped calls" });
    expect(dropped.hits.map((hit) => hit.id)).toEqual([1]);
    expect(dropped.hits[0]!.titleMarked).toBe(`${HIGHLIGHT_PRE}Dropping${HIGHLIGHT_POST} ${HIGHLIGHT_PRE}call${HIGHLIGHT_POST} on the train`);
    expect((await index.search({ q: "connected" })).hits.map((hit) => hit.id)).toEqual([3]);
    db.$client.close();
  });
});

describe("SQLite FTS5 vocabulary (search_terms) for typos and completions", () => {
  const termDocs = (db: ReturnType<typeof createTestDb>["db"], term: string) =>
    (db.$client.prepare("SELECT docs FROM search_terms WHERE term = ?").get(term) as { docs: number } | undefined)?.docs ?? 0;

  it("counts each word once per thread through upserts, updates, deletes and rebuilds", async () => {
    const { db } = createTestDb();
    const index = createSqliteFtsIndex(db);
    const base = CORPUS[2]!;
    await index.upsert([
      { ...base, id: 1, title: "Quokkafone quokkafone keeps rebooting" },
      { ...base, id: 2, title: "Quokkafone screen", question: "Café crème spilt on it" },
    ]);
    expect([termDocs(db, "quokkafone"), termDocs(db, "rebooting"), termDocs(db, "cafe")]).toEqual([2, 1, 1]);
    await index.upsert([{ ...base, id: 1, title: "Quokkafone battery" }]);
    expect([termDocs(db, "quokkafone"), termDocs(db, "rebooting"), termDocs(db, "battery")]).toEqual([2, 0, 1]);
    await index.delete([2]);
    expect([termDocs(db, "quokkafone"), termDocs(db, "screen")]).toEqual([1, 0]);

    const build = await index.startBuild();
    await build.add([{ ...base, id: 7, title: "Zebrafone antenna" }]);
    await build.commit();
    expect([termDocs(db, "quokkafone"), termDocs(db, "zebrafone")]).toEqual([0, 1]);
    expect((await index.search({ q: "zebrafon", prefix: true })).hits.map((hit) => hit.id)).toEqual([7]);
    db.$client.close();
  });

  it("is counted from the indexed text at start when found empty (an index built before migration 0007)", async () => {
    const { db } = createTestDb();
    const index = createSqliteFtsIndex(db);
    await index.upsert(CORPUS);
    db.$client.exec("DELETE FROM search_terms");
    expect((await index.search({ q: "rooter" })).hits).toEqual([]);
    await index.setup();
    expect(termDocs(db, "router")).toBe(4);
    expect((await index.search({ q: "rooter" })).hits.map((hit) => hit.id)).toEqual([1, 2, 3, 4]);
    db.$client.close();
  });
});
