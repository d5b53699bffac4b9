import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, type SearchIndex } from "@search/types";
import { CORPUS } from "./corpus";

export interface EngineUnderTest {
  index: SearchIndex;
  cleanup(): Promise<void>;
}

const ids = (hits: { id: number }[]) => hits.map((hit) => hit.id);
const marked = (word: string) => new RegExp(`${HIGHLIGHT_PRE}${word}${HIGHLIGHT_POST}`, "i");

/** The behaviour every SearchIndex engine must have, registered for one engine factory. */
export function describeSearchIndexContract(name: string, createEngine: () => Promise<EngineUnderTest>) {
  describe(`SearchIndex contract: ${name}`, () => {
    let engine: EngineUnderTest;
    let index: SearchIndex;

    beforeEach(async () => {
      engine = await createEngine();
      index = engine.index;
      await index.setup();
      await index.upsert(CORPUS);
    });
    afterEach(async () => {
      await engine.cleanup();
    });

    it("ranks a title match above an accepted answer, above the question, above other answers", async () => {
      const { hits, total } = await index.search({ q: "router" });
      expect(ids(hits)).toEqual([1, 2, 3, 4]);
      expect(total).toBe(4);
    });

    it("matches the last word as a prefix while typing", async () => {
      expect(ids((await index.search({ q: "rout", prefix: true })).hits)).toContain(1);
      expect(ids((await index.search({ q: "roaming char", prefix: true })).hits)).toEqual([5]);
    });

    it("filters by category, kind and solved", async () => {
      expect(ids((await index.search({ q: "router", category: "internet" })).hits)).toEqual([1, 2]);
      expect(ids((await index.search({ q: "router", kind: "problem" })).hits)).toEqual([1]);
      expect(ids((await index.search({ q: "router", solvedOnly: true })).hits)).toEqual([2]);
      const billing = await index.search({ q: "router", category: "billing" });
      expect(ids(billing.hits)).toEqual([4]);
      expect(billing.total).toBe(1);
    });

    it("sorts by newest and by most helpful", async () => {
      expect(ids((await index.search({ q: "router", sort: "newest" })).hits)).toEqual([4, 3, 2, 1]);
      expect(ids((await index.search({ q: "router", sort: "helpful" })).hits).slice(0, 2)).toEqual([2, 1]);
    });

    it("pages with limit and offset and reports the total", async () => {
      const page = await index.search({ q: "router", limit: 2, offset: 2 });
      expect(ids(page.hits)).toEqual([3, 4]);
      expect(page.total).toBe(4);
    });

    it("returns highlighted titles and snippets from the field that matched", async () => {
      const { hits } = await index.search({ q: "router" });
      const byId = new Map(hits.map((hit) => [hit.id, hit]));
      expect(byId.get(1)!.titleMarked).toMatch(marked("router"));
      expect(byId.get(2)!.snippet).toMatch(marked("router"));
      expect(byId.get(3)!.snippet).toMatch(marked("router"));
      expect(byId.get(3)!.titleMarked).not.toContain(HIGHLIGHT_PRE);
      expect(byId.get(2)).toMatchObject({ solved: true, slug: "thread-2", category: "internet", categoryName: "Internet" });
      expect(byId.get(5)).toBeUndefined();
    });

    it("forgets a deleted thread", async () => {
      await index.delete([1]);
      const { hits, total } = await index.search({ q: "router" });
      expect(ids(hits)).toEqual([2, 3, 4]);
      expect(total).toBe(3);
      expect(await index.count()).toBe(CORPUS.length - 1);
    });

    it("replaces a thread's document on update", async () => {
      await index.upsert([{ ...CORPUS[5]!, title: "Love the new dashboard", question: "Paying takes two taps now." }]);
      expect(ids((await index.search({ q: "dashboard" })).hits)).toEqual([6]);
      expect(ids((await index.search({ q: "app" })).hits)).not.toContain(6);
      expect(await index.count()).toBe(CORPUS.length);
    });

    it("treats FTS operators and syntax characters as text, never as an error", async () => {
      const nasty = ['"', '"router', 'router"', "*", "router*", "-", "-router", "AND", "router AND", "NEAR(", "NEAR(router", ":", "title:router", "(", ")", "^router", "{a b}", "' OR 1=1 --", "\\", "%_"];
      for (const q of nasty) {
        const result = await index.search({ q });
        expect(Array.isArray(result.hits), q).toBe(true);
        expect(result.total, q).toBeGreaterThanOrEqual(0);
      }
      for (const q of ['"router', "router*", "router:", "NEAR(router"]) {
        expect(ids((await index.search({ q })).hits), q).toContain(1);
      }
    });

    it("cuts queries at 200 characters", async () => {
      const cutAway = `${"x".repeat(199)} roaming`;
      expect((await index.search({ q: cutAway })).hits).toEqual([]);
      const long = `roaming ${"charges ".repeat(60)}`;
      expect(ids((await index.search({ q: long })).hits)).toContain(5);
    });

    it("answers an empty query with no results", async () => {
      for (const q of ["", "   ", "\n\t"]) expect(await index.search({ q })).toEqual({ hits: [], total: 0, exhaustive: true });
    });

    it("ignores emoji and still finds the words around them", async () => {
      expect(ids((await index.search({ q: "router 📱" })).hits)).toContain(1);
      expect(Array.isArray((await index.search({ q: "📱🔥" })).hits)).toBe(true);
    });

    it("finds Chinese and Japanese text written without spaces", async () => {
      expect(ids((await index.search({ q: "无法连接" })).hits)).toEqual([7]);
      expect(ids((await index.search({ q: "パスワード" })).hits)).toEqual([8]);
      const short = await index.search({ q: "连接" });
      expect(ids(short.hits)).toEqual([7]);
      expect(short.hits[0]!.titleMarked).toContain(HIGHLIGHT_PRE);
    });

    it("suggests similar threads for a title, solved ones first", async () => {
      const similar = await index.similar("Why does my router keep dropping?", 5);
      expect(ids(similar)).toContain(1);
      const firstUnsolved = similar.findIndex((hit) => !hit.solved);
      expect(similar.slice(firstUnsolved).every((hit) => !hit.solved)).toBe(true);
      expect(await index.similar("the and of", 5)).toEqual([]);
    });
  });
}
