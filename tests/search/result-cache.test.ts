// The FTS5 engine keeps recent answers per process; a write to the index by any process, through
// any connection, must make the next search compute afresh.
import { describe, expect, it } from "vitest";
import { openDatabase } from "@db/client.server";
import { createResultCache } from "@search/result-cache";
import { createSqliteFtsIndex } from "@search/sqlite-fts.server";
import { createTestDb } from "../setup/db";
import { CORPUS } from "./corpus";

const ids = (hits: { id: number }[]) => hits.map((hit) => hit.id);

function twoProcesses() {
  const { db, file } = createTestDb();
  // A second connection to the same file stands for another server process with its own engine.
  const otherDb = openDatabase(file);
  const reader = createSqliteFtsIndex(db);
  const writer = createSqliteFtsIndex(otherDb);
  return {
    db,
    reader,
    writer,
    close() {
      otherDb.$client.close();
      db.$client.close();
    },
  };
}

describe("FTS5 answers kept between searches", () => {
  it("serves a repeated search without asking the index again, until the index changes", async () => {
    const { db, reader, writer, close } = twoProcesses();
    await writer.upsert(CORPUS);
    const first = await reader.search({ q: "router" });
    expect(ids(first.hits)).toContain(1);
    expect(ids(await reader.similar("router dropping", 5))).toContain(1);
    // Behind the engine's back (no generation change): the kept answers are what come back.
    db.$client.prepare("DELETE FROM search_docs WHERE thread_id = 1").run();
    expect(ids((await reader.search({ q: "router" })).hits)).toEqual(ids(first.hits));
    expect(ids(await reader.similar("router dropping", 5))).toContain(1);
    await writer.delete([1]);
    expect(ids((await reader.search({ q: "router" })).hits)).not.toContain(1);
    expect(ids(await reader.similar("router dropping", 5))).not.toContain(1);
    close();
  });

  it("shows the next search every write another process makes: new, changed and removed threads, and a rebuild", async () => {
    const { reader, writer, close } = twoProcesses();
    await writer.upsert(CORPUS);
    expect((await reader.search({ q: "quokkafone", prefix: true })).hits).toEqual([]);
    expect(await reader.similar("quokkafone battery", 5)).toEqual([]);

    await writer.upsert([{ ...CORPUS[0]!, id: 901, title: "Quokkafone battery drains overnight" }]);
    expect(ids((await reader.search({ q: "quokkafone", prefix: true })).hits)).toEqual([901]);
    expect(ids(await reader.similar("quokkafone battery", 5))).toEqual([901]);

    await writer.upsert([{ ...CORPUS[0]!, id: 901, title: "Quokkafone battery drains overnight", solved: true }]);
    expect((await reader.search({ q: "quokkafone" })).hits[0]!.solved).toBe(true);

    await writer.delete([901]);
    expect((await reader.search({ q: "quokkafone", prefix: true })).hits).toEqual([]);
    expect(await reader.similar("quokkafone battery", 5)).toEqual([]);

    const build = await writer.startBuild();
    await build.add([{ ...CORPUS[0]!, id: 902, title: "Quokkafone screen cracked" }]);
    // Filling the new tables changes nothing the live index answers.
    expect((await reader.search({ q: "quokkafone" })).hits).toEqual([]);
    await build.commit();
    expect(ids((await reader.search({ q: "quokkafone" })).hits)).toEqual([902]);
    close();
  });

  it("keeps answers apart by everything that changes them", async () => {
    const { reader, writer, close } = twoProcesses();
    await writer.upsert(CORPUS);
    const all = await reader.search({ q: "router", limit: 50 });
    expect((await reader.search({ q: "router", limit: 1 })).hits).toHaveLength(1);
    expect(ids((await reader.search({ q: "router", limit: 50, offset: 1 })).hits)).toEqual(ids(all.hits).slice(1));
    expect((await reader.search({ q: "router", sort: "newest" })).hits[0]!.id).toBe(Math.max(...ids(all.hits)));
    expect((await reader.search({ q: "router", category: "no-such-category" })).hits).toEqual([]);
    expect((await reader.search({ q: "wireless calling" })).matched).toBe("some");
    await reader.setSynonyms([["wireless", "wifi"]]);
    expect((await reader.search({ q: "wireless calling" })).matched).toBe("all");
    close();
  });

  it("hands out answers that no caller can change for the next", async () => {
    const { reader, writer, close } = twoProcesses();
    await writer.upsert(CORPUS);
    const first = await reader.search({ q: "router" });
    first.hits.reverse();
    expect(() => Object.assign(first.hits[0]!, { title: "changed" })).toThrow();
    expect(ids((await reader.search({ q: "router" })).hits)).toEqual(ids(first.hits).reverse());
    close();
  });
});

describe("result cache", () => {
  it("drops the least recently used answer past its capacity, and everything when the generation moves", () => {
    const cache = createResultCache(2);
    let computed = 0;
    const get = (key: string, generation = 1) => cache.get(key, generation, () => `${key}${++computed}`);
    expect([get("a"), get("b"), get("a")]).toEqual(["a1", "b2", "a1"]);
    expect(get("c")).toBe("c3");
    expect(get("a")).toBe("a1");
    expect(get("b")).toBe("b4");
    expect(get("a", 2)).toBe("a5");
  });
});
