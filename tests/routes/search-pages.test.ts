import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "@db/schema";
import { drainQueue } from "~/jobs/scheduler.server";
import { SEARCH_SYNC_HANDLER } from "~/jobs/search-jobs.server";
import { SEARCH_PAGE_SIZE } from "~/domain/search";
import { acceptAnswer } from "~/services/accept.server";
import { createReply } from "~/services/posts.server";
import { SIMILAR_LIMIT } from "~/services/search.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { pageText, signInAs, startTestApp, type TestApp } from "../setup/test-app";

function resultIds(html: string): number[] {
  return [...html.matchAll(/class="search-hit__title"><a[^>]* href="\/t\/(\d+)\//g)].map((match) => Number(match[1]));
}

function linkNamed(html: string, name: string): string | undefined {
  return new RegExp(`<a [^>]*href="([^"]+)"[^>]*>${name}</a>`).exec(pageText(html))?.[1];
}

/** The link's address; a page without it fails with the pagination it did show, to tell why. */
function requireLink(html: string, name: string): string {
  const href = linkNamed(html, name);
  if (href === undefined) {
    const nav = /<nav aria-label="Search results pages".*?<\/nav>/s.exec(html)?.[0] ?? "(no pagination on the page)";
    throw new Error(`no "${name}" link; the page showed: ${nav}`);
  }
  return href;
}

describe("search result pages and similar-thread suggestions over HTTP", () => {
  let app: TestApp;
  let asker: User;
  let staff: User;

  // Ten minutes apart: the asker stays under the posting limit and "newest" has one order.
  function askLater(category: { slug: string }, overrides: Record<string, unknown>) {
    app.deps.clock.advanceMinutes(10);
    return ask(app.deps, asker, category, overrides);
  }

  function solve(threadId: number) {
    acceptAnswer(app.deps, asker, createReply(app.deps, staff, threadId, { body: "Restart it and wait a minute." }).id);
  }

  beforeAll(async () => {
    app = await startTestApp();
    asker = await makeUser(app.deps);
    staff = await makeUser(app.deps, { role: "staff" });
  });
  afterAll(() => app.close());

  it("pages results 20 at a time, and the next-page link keeps the query, filters and sort", async () => {
    const lines = makeCategory(app.deps.db);
    const other = makeCategory(app.deps.db);
    const matching = Array.from({ length: SEARCH_PAGE_SIZE + 6 }, (_, i) => {
      const thread = askLater(lines, { kind: "problem", title: `Quillfone line ${i + 1} drops`, body: "The quillfone drops the line at noon." });
      solve(thread.id);
      return thread.id;
    });
    // Each matches the words but misses one filter, so a page that lost a filter would show it.
    const otherCategory = askLater(other, { kind: "problem", title: "Quillfone drops elsewhere" }).id;
    solve(otherCategory);
    const question = askLater(lines, { kind: "question", title: "Why do quillfone calls drops?" }).id;
    solve(question);
    const unsolved = askLater(lines, { kind: "problem", title: "Quillfone still drops" }).id;
    await drainQueue(app.deps, [SEARCH_SYNC_HANDLER]);
    const newestFirst = [...matching].reverse();

    const query = new URLSearchParams({ q: "quillfone drops", category: lines.slug, kind: "problem", solved: "1", sort: "newest" });
    const first = await (await fetch(`${app.url}/search?${query}`)).text();
    expect(pageText(first)).toContain(`${matching.length} threads found`);
    expect(pageText(first)).toContain("Page 1 of 2");
    expect(resultIds(first)).toEqual(newestFirst.slice(0, SEARCH_PAGE_SIZE));
    expect(linkNamed(first, "← Previous")).toBeUndefined();

    const next = new URL(requireLink(first, "Next →"), app.url);
    expect(next.pathname).toBe("/search");
    expect(Object.fromEntries(next.searchParams)).toEqual({ ...Object.fromEntries(query), page: "2" });

    const second = await (await fetch(next)).text();
    expect(pageText(second)).toContain("Page 2 of 2");
    const rest = resultIds(second);
    expect(rest).toEqual(newestFirst.slice(SEARCH_PAGE_SIZE));
    expect(rest.filter((id) => resultIds(first).includes(id))).toEqual([]);
    for (const decoy of [otherCategory, question, unsolved]) expect(second + first).not.toContain(`href="/t/${decoy}/`);
    expect(linkNamed(second, "Next →")).toBeUndefined();
    const back = new URL(requireLink(second, "← Previous"), app.url);
    expect(Object.fromEntries(back.searchParams)).toEqual(Object.fromEntries(query));
  });

  it("suggests at most five similar threads on the ask page in relevance order, solved ones badged rather than moved up", async () => {
    const category = makeCategory(app.deps.db);
    const titled = (title: string, solved = false) => {
      const thread = askLater(category, { kind: "problem", title, body: "Details are in the title." });
      if (solved) solve(thread.id);
      return thread.id;
    };
    // The unsolved threads share the most words with the title; the solved ones fewer; two only the product name.
    const best = titled("Zephyrcast antenna rattles loudly");
    const second = titled("Zephyrcast antenna rattles");
    const solved = [titled("Zephyrcast antenna", true), titled("Zephyrcast rattles", true), titled("Zephyrcast loudly", true)];
    const barely = [titled("Zephyrcast setup"), titled("Zephyrcast pricing")];
    await drainQueue(app.deps, [SEARCH_SYNC_HANDLER]);
    const title = encodeURIComponent("Zephyrcast antenna rattles loudly");

    const { threads } = (await (await fetch(`${app.url}/api/v1/similar?title=${title}`)).json()) as { threads: { id: number; solved: boolean }[] };
    expect(SIMILAR_LIMIT).toBe(5);
    expect(threads).toHaveLength(SIMILAR_LIMIT);
    expect(threads.map((thread) => thread.solved)).toEqual([false, false, true, true, true]);
    expect(threads.slice(0, 2).map((thread) => thread.id)).toEqual([best, second]);
    expect(threads.slice(2).map((thread) => thread.id).sort((a, b) => a - b)).toEqual([...solved].sort((a, b) => a - b));
    for (const id of barely) expect(threads.map((thread) => thread.id)).not.toContain(id);

    const { browser } = await signInAs(app);
    const askPage = await (await browser.request(`/ask?title=${title}`)).text();
    const suggested = [...askPage.matchAll(/<a href="\/api\/v1\/ask-sessions\/[^/]+\/opened\?to=%2Ft%2F(\d+)%2F/g)].map((match) => Number(match[1]));
    expect(suggested).toEqual(threads.map((thread) => thread.id));
  });
});
