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
      // A page of one result highlights that result's own title, not another match's.
      for (const only of [billing, await index.search({ q: "router", solvedOnly: true })]) {
        const unmarked = only.hits[0]!.titleMarked.replaceAll(HIGHLIGHT_PRE, "").replaceAll(HIGHLIGHT_POST, "");
        expect(unmarked).toBe(CORPUS.find((document) => document.id === only.hits[0]!.id)!.title);
      }
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
      for (const q of ["", "   ", "\n\t"]) expect(await index.search({ q })).toEqual({ hits: [], total: 0, exhaustive: true, matched: "all" });
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

    it("suggests similar threads in relevance order, those with every word before those with some", async () => {
      // Thread 1 (open) has every word; thread 2 (solved) only "router": solved is a badge, not a jump ahead.
      const similar = await index.similar("Why does my router keep dropping the line?", 5);
      expect(ids(similar)[0]).toBe(1);
      expect(ids(similar)).toContain(2);
      expect(similar.find((hit) => hit.id === 2)!.solved).toBe(true);
      expect(ids(await index.similar("Restart the router near the microwave", 5))[0]).toBe(2);
      expect(await index.similar("the and of", 5)).toEqual([]);
    });

    it("says whether results match all the words or only some", async () => {
      const all = await index.search({ q: "router microwave" });
      expect(all).toMatchObject({ matched: "all", total: 1 });
      expect(ids(all.hits)).toEqual([2]);
      const some = await index.search({ q: "router zeppelin" });
      expect(some.matched).toBe("some");
      expect(ids(some.hits)).toEqual(expect.arrayContaining([1, 2, 3, 4]));
    });

    it("forgives a typo in a word that matches nothing", async () => {
      const found = await index.search({ q: "rooter" });
      expect(ids(found.hits)).toEqual([1, 2, 3, 4]);
      expect(found.hits[0]!.titleMarked).toMatch(marked("router"));
      expect(ids((await index.search({ q: "microwave rooter" })).hits)).toEqual([2]);
    });

    it("narrows and never empties the results while a word is typed letter by letter", async () => {
      for (let end = 3; end <= "roaming".length; end++) {
        const q = "roaming".slice(0, end);
        expect(ids((await index.search({ q, prefix: true })).hits), q).toContain(5);
      }
      expect(ids((await index.search({ q: "roaming chargin", prefix: true })).hits)).toEqual([5]);
    });

    it("matches words through the admins' synonym groups, and only once they are set", async () => {
      expect((await index.search({ q: "wireless calling" })).matched).toBe("some");
      await index.setSynonyms([["wireless", "wifi", "wi-fi"], ["cellphone", "mobile phone"]]);
      const found = await index.search({ q: "wireless calling" });
      expect(found).toMatchObject({ matched: "all" });
      expect(ids(found.hits)).toEqual([3]);
      await index.setSynonyms([]);
      expect((await index.search({ q: "wireless calling" })).matched).toBe("some");
    });

    it("does not highlight stop words", async () => {
      const { hits } = await index.search({ q: "the router" });
      const first = hits.find((hit) => hit.id === 1)!;
      expect(first.titleMarked).toMatch(marked("router"));
      expect(first.titleMarked).not.toMatch(marked("the"));
    });

    it("answers odd input with a clear result, never an error", async () => {
      const odd = ["!!! ??? ...", "the and of", "how to", "x".repeat(2000), `${"router AND NOT ".repeat(150)}`, '"router" OR NEAR(line, 2) -drop *', "router 连接 パスワード", "ルーター router"];
      for (const q of odd) {
        const result = await index.search({ q, prefix: true });
        expect(Array.isArray(result.hits), q.slice(0, 30)).toBe(true);
        expect(["all", "some"], q.slice(0, 30)).toContain(result.matched);
        expect(Array.isArray(await index.similar(q, 5)), q.slice(0, 30)).toBe(true);
      }
      expect((await index.search({ q: "!!! ??? ..." })).total).toBe(0);
      expect(ids((await index.search({ q: `${"router AND NOT ".repeat(150)}` })).hits)).toContain(1);
    });
  });
}
