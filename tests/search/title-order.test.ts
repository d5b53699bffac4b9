import { describe, expect, it } from "vitest";
import { orderTitleMatches } from "@search/title-order";

describe("ordering threads whose title holds every word searched (too many matches for bm25)", () => {
  it("puts the title that is most nearly the words searched first, as bm25 over titles would", () => {
    const order = orderTitleMatches([
      { id: 1, title: "Router keeps dropping the wifi connection every evening after the update", solved: false, votes: 0 },
      { id: 2, title: "Router wifi", solved: false, votes: 0 },
      { id: 3, title: "My router drops wifi at night", solved: false, votes: 0 },
    ]);
    expect(order).toEqual([2, 3, 1]);
  });

  it("lifts a solved, voted thread over an equal one, and the newest wins a tie", () => {
    const base = { title: "Router wifi drops", solved: false, votes: 0 };
    expect(orderTitleMatches([{ ...base, id: 1, solved: true, votes: 4 }, { ...base, id: 2 }, { ...base, id: 3 }])).toEqual([1, 3, 2]);
  });
});
