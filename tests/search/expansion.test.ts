// The query expansion rules, pure: typo budget and corrections with their guards, run-together
// spellings, completions past the stem, synonym slots and the FTS5 expressions built from them.
import { describe, expect, it } from "vitest";
import { correctedQuery, planSlots, slotsExpression, synonymKey } from "@search/expansion";
import { toMeiliSynonyms } from "@search/meilisearch.server";
import { searchWords, typingAlternatives } from "@search/sqlite-plan.server";
import {
  chooseCorrections,
  completionsPastTheStem,
  editDistance,
  roughStem,
  splitVariants,
  typoBudget,
  vocabularyWords,
} from "@search/vocabulary";

describe("typo budget and edit distance", () => {
  it("allows no edit below 4 letters or in numbers, one up to 7 letters, two from 8", () => {
    expect(["sim", "puk", "4g5g", "a1b2c"].map(typoBudget)).toEqual([0, 0, 0, 0]);
    expect(["bill", "acount", "paymant"].map(typoBudget)).toEqual([1, 1, 1]);
    expect(["contarct", "verfication"].map(typoBudget)).toEqual([2, 2]);
  });

  it("counts a swap of neighbours as one edit and gives up past the budget", () => {
    expect(editDistance("recieve", "receive", 2)).toBe(1);
    expect(editDistance("acount", "account", 1)).toBe(1);
    expect(editDistance("paymant", "payment", 1)).toBe(1);
    expect(editDistance("contarct", "contract", 2)).toBe(1);
    expect(editDistance("router", "roaming", 2)).toBe(3);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });
});

describe("choosing corrections for a word that matched nothing", () => {
  const vocabulary = [
    { term: "account", docs: 40 },
    { term: "accounts", docs: 12 },
    { term: "payment", docs: 30 },
    { term: "payments", docs: 9 },
    { term: "contract", docs: 25 },
    { term: "park", docs: 1 },
    { term: "bill", docs: 50 },
    { term: "ball", docs: 2 },
    { term: "roaming", docs: 1 },
  ];

  it("picks the nearest words, most frequent first", () => {
    expect(chooseCorrections("acount", vocabulary).map((c) => c.term)).toEqual(["account"]);
    expect(chooseCorrections("paymant", vocabulary).map((c) => c.term)).toEqual(["payment"]);
    expect(chooseCorrections("contarct", vocabulary).map((c) => c.term)).toEqual(["contract"]);
    expect(chooseCorrections("roamign", vocabulary).map((c) => c.term)).toEqual(["roaming"]);
  });

  it("leaves short words, far words and rare speculative corrections alone", () => {
    expect(chooseCorrections("sim", [{ term: "sum", docs: 100 }])).toEqual([]);
    expect(chooseCorrections("zeppelin", vocabulary)).toEqual([]);
    // A four-letter word has many neighbours: "bark" is not turned into a word seen in one thread.
    expect(chooseCorrections("bark", vocabulary)).toEqual([]);
    expect(chooseCorrections("bilk", vocabulary).map((c) => c.term)).toEqual(["bill"]);
    // Two edits away is a guess too: only a word in several threads qualifies.
    expect(chooseCorrections("cnotrcat", [{ term: "contract", docs: 1 }])).toEqual([]);
    expect(chooseCorrections("cnotrcat", [{ term: "contract", docs: 3 }]).map((c) => c.term)).toEqual(["contract"]);
  });

  it("reads a run-together word as two known words", () => {
    const known = new Set(["wi", "fi", "sim", "card"]);
    expect(splitVariants("wifi", (term) => known.has(term))).toEqual(["wi fi"]);
    expect(splitVariants("simcard", (term) => known.has(term))).toEqual(["sim card"]);
    expect(splitVariants("router", (term) => known.has(term))).toEqual([]);
  });
});

describe("completing the word being typed", () => {
  it("keeps only completions whose stem ends before the letters typed", () => {
    expect(roughStem("roaming")).toBe("roam");
    expect(roughStem("settings")).toBe("set");
    expect(roughStem("charges")).toBe("charg");
    expect(completionsPastTheStem("roami", ["roaming"])).toEqual(["roaming"]);
    expect(completionsPastTheStem("sett", ["settings", "settle"])).toEqual(["settings"]);
    expect(completionsPastTheStem("charg", ["charges", "charging", "charger"])).toEqual([]);
    // Porter keeps "-er" on a short stem: "towers" is "tower" to the index, no completion past it.
    expect(roughStem("towering")).toBe("tower");
    expect(completionsPastTheStem("tower", ["towers", "towering"])).toEqual([]);
  });

  it("prefix-queries only three letters (FTS5's prefix index); past that, names the completions", () => {
    const texts = (typed: string, completions: [string, number][]) =>
      typingAlternatives(typed, completions.map(([term, docs]) => ({ term, docs }))).map((a) => `${a.text}${a.prefix ? "*" : ""}`);
    expect(texts("roa", [["roaming", 40], ["road", 9]])).toEqual(["roa*"]);
    // A whole word matches as itself; only what its stem misses is added.
    expect(texts("sett", [["sett", 3], ["settings", 50], ["settle", 4]])).toEqual(["settings"]);
    expect(texts("roaming", [["roaming", 40], ["roamingpla", 30]])).toEqual([]);
    // A cut word: its frequent completions, one per stem; rare ones would outweigh it in bm25.
    expect(texts("charg", [["charge", 100], ["charges", 90], ["chargeback", 30], ["charging", 25], ["chargecha", 7]])).toEqual(["charge", "chargeback"]);
    expect(texts("quokk", [["quokkafone", 1]])).toEqual(["quokkafone"]);
  });

  it("counts words as the index folds them: lower case, no accents, no CJK runs", () => {
    expect([...vocabularyWords("Café ROUTER router 手机 a wi-fi")]).toEqual(["cafe", "router", "wi", "fi"]);
  });
});

describe("synonym slots and FTS5 expressions", () => {
  const groups = [["cellphone", "mobile phone", "phone"], ["wifi", "wi-fi", "wireless"], ["sim", "sim card"]];

  it("compares words ignoring case, accents and joiners", () => {
    expect(synonymKey("Wi-Fi")).toBe(synonymKey("wifi"));
    expect(synonymKey("  Mobile   Phone ")).toBe("mobile phone");
  });

  it("makes the longest synonym phrase one slot holding its whole group", () => {
    const slots = planSlots(["mobile", "phone", "wifi", "calling"], groups);
    expect(slots.map((slot) => slot.typed)).toEqual(["mobile phone", "wifi", "calling"]);
    expect(slots[0]!.alternatives.map((a) => a.text)).toEqual(["mobile phone", "cellphone", "phone"]);
    expect(slotsExpression(slots)).toBe(
      '("mobile phone" OR "cellphone" OR "phone") AND ("wifi" OR "wi-fi" OR "wireless") AND "calling"',
    );
    expect(slotsExpression(planSlots(["sim", "card"], groups))).toBe('("sim card" OR "sim")');
  });

  it("also searches a word written with a joiner run together, and quotes every operator away", () => {
    expect(slotsExpression(planSlots(["e-sim"], []))).toBe('("e-sim" OR "esim")');
    expect(slotsExpression(planSlots(['NEAR("a"', "OR"], []), { any: true })).toBe('"NEAR(""a""" OR "OR"');
  });

  it("reports the corrected query only when a word was corrected", () => {
    const slots = planSlots(["acount", "suspended"], []);
    expect(correctedQuery(slots)).toBeUndefined();
    expect(correctedQuery([{ ...slots[0]!, correction: "account" }, slots[1]!])).toBe("account suspended");
  });

  it("gives Meilisearch every member's synonyms in both directions", () => {
    expect(toMeiliSynonyms([["WiFi", "wi-fi", "wireless"], ["wireless", "cordless"]])).toEqual({
      wifi: ["wi-fi", "wireless"],
      "wi-fi": ["wifi", "wireless"],
      wireless: ["wifi", "wi-fi", "cordless"],
      cordless: ["wireless"],
    });
  });
});

describe("the words searched for", () => {
  it("drops stop words unless nothing else was typed, and each repeated word", () => {
    expect(searchWords("How do I reset my Router router ROUTER")).toEqual(["reset", "Router"]);
    expect(searchWords("how to")).toEqual(["how", "to"]);
  });
});
