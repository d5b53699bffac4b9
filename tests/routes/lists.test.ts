import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../setup/test-app";
import { makeUser } from "../factories";
import { askMany, makeCategory } from "../qa-helpers";

describe("thread listings over HTTP", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    const asker = await makeUser(app.deps);
    const category = makeCategory(app.deps.db, { slug: "older-cat" });
    // 22 unanswered problems, then questions and ideas that the kind filter must keep off the pages.
    askMany(app.deps, asker, category, 22, { title: "Older problem", kind: "problem" });
    askMany(app.deps, asker, category, 3, { title: "Recent question", kind: "question" });
    askMany(app.deps, asker, makeCategory(app.deps.db), 3, { title: "Elsewhere idea", kind: "idea" });
  });
  afterAll(() => app.close());

  async function listing(path: string) {
    const html = await (await fetch(`${app.url}${path}`)).text();
    const titles = [...html.matchAll(/<a [^>]*class="thread-row__title"[^>]*>([^<]*)<\/a>/g)].map((match) => match[1]!);
    const older = /<a [^>]*href="([^"]*)"[^>]*>Older threads →<\/a>/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;
    return { titles, older };
  }
  const CURSOR = expect.stringMatching(/^\d+:\d+$/);
  const parts = (href: string) => {
    const url = new URL(href, app.url);
    return { pathname: url.pathname, ...Object.fromEntries(url.searchParams) };
  };
  const problems = (from: number, to: number) =>
    Array.from({ length: from - to + 1 }, (_, i) => `Older problem ${String(from - i).padStart(2, "0")}`);

  it("a category's Older threads link keeps the filter and the kind, and leads to the rest", async () => {
    const first = await listing("/c/older-cat?filter=unanswered&kind=problem");
    expect(first.titles).toEqual(problems(22, 3));
    expect(parts(first.older!)).toEqual({ pathname: "/c/older-cat", filter: "unanswered", kind: "problem", after: CURSOR });
    const second = await listing(first.older!);
    expect(second.titles).toEqual(problems(2, 1));
    expect(second.older).toBeNull();
  });

  it("the home page's Older threads link keeps the filter and the kind; the latest list's carries only the cursor", async () => {
    const first = await listing("/?filter=unanswered&kind=problem");
    expect(parts(first.older!)).toEqual({ pathname: "/", filter: "unanswered", kind: "problem", after: CURSOR });
    expect((await listing(first.older!)).titles).toEqual(problems(2, 1));
    const latest = await listing("/");
    expect(latest.titles.slice(0, 6)).toEqual([
      "Elsewhere idea 03", "Elsewhere idea 02", "Elsewhere idea 01", "Recent question 03", "Recent question 02", "Recent question 01",
    ]);
    expect(parts(latest.older!)).toEqual({ pathname: "/", after: CURSOR });
    expect((await listing(latest.older!)).titles).toEqual(problems(8, 1));
  });

  it("a short list has no Older threads link", async () => {
    expect(await listing("/c/older-cat?kind=question")).toEqual({
      titles: ["Recent question 03", "Recent question 02", "Recent question 01"],
      older: null,
    });
  });
});
