import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SearchUnavailable } from "@search/types";
import { drainQueue } from "~/jobs/scheduler.server";
import { SEARCH_SYNC_HANDLER } from "~/jobs/search-jobs.server";
import { acceptAnswer } from "~/services/accept.server";
import { createReply } from "~/services/posts.server";
import { getSettings, updateSettings } from "~/services/settings.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { Browserish, startTestApp, type TestApp } from "../setup/test-app";

describe("search over HTTP", () => {
  let app: TestApp;
  let solvedId: number;
  let openId: number;
  let category: { slug: string };
  let other: { slug: string };

  async function signedIn(role: "member" | "staff" | "admin") {
    const user = await makeUser(app.deps, { role });
    const browser = new Browserish(app.url);
    expect((await browser.post("/auth/sign-in", { email: user.email, password: TEST_PASSWORD })).status).toBe(302);
    return { user, browser };
  }

  beforeAll(async () => {
    app = await startTestApp();
    const deps = app.deps;
    const asker = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    category = makeCategory(deps.db);
    other = makeCategory(deps.db);
    const solved = ask(deps, asker, category, { title: "Zorbic modem blinks orange", body: "The zorbic light blinks all night." });
    const answer = createReply(deps, staff, solved.id, { body: "Hold reset on the zorbic for ten seconds." });
    acceptAnswer(deps, asker, answer.id);
    deps.clock.advanceMinutes(5);
    openId = ask(deps, asker, other, { title: "Zorbic <img src=x onerror=alert(1)> setup", kind: "problem", body: "It never pairs." }).id;
    solvedId = solved.id;
    await drainQueue(deps, [SEARCH_SYNC_HANDLER]);
    updateSettings(deps, { widgetOrigins: ["https://brand.example"] });
  });
  afterAll(() => app.close());

  it("answers a plain GET form with highlighted results, solved and staff marks, escaping thread text", async () => {
    const response = await fetch(`${app.url}/search?q=zorbic`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("2<!-- --> <!-- -->threads<!-- --> found");
    expect(html).toContain("<mark>Zorbic</mark> modem blinks orange");
    expect(html).toContain("✓ Solved");
    expect(html).toContain("Staff answered");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img src=x");
    expect(html.indexOf(`/t/${solvedId}/`)).toBeLessThan(html.indexOf(`/t/${openId}/`));
  });

  it("filters by category, kind and solved, and sorts by newest", async () => {
    const only = async (query: string) => {
      const html = await (await fetch(`${app.url}/search?q=zorbic&${query}`)).text();
      return [solvedId, openId].filter((id) => html.includes(`href="/t/${id}/`));
    };
    expect(await only(`category=${other.slug}`)).toEqual([openId]);
    expect(await only("kind=problem")).toEqual([openId]);
    expect(await only("solved=1")).toEqual([solvedId]);
    const newest = await (await fetch(`${app.url}/search?q=zorbic&sort=newest`)).text();
    expect(newest.indexOf(`/t/${openId}/`)).toBeLessThan(newest.indexOf(`/t/${solvedId}/`));
    const junk = await fetch(`${app.url}/search?q=zorbic&sort=sideways&page=-3&kind=nope&category=%22`);
    expect(junk.status).toBe(200);
  });

  it("says so when nothing matches and offers to ask with the query prefilled", async () => {
    const html = await (await fetch(`${app.url}/search?q=${encodeURIComponent('quuxly "NEAR(')}`)).text();
    expect(html).toContain("No threads match");
    expect(html).toContain(`href="/ask?title=${encodeURIComponent('quuxly "NEAR(')}"`);
    expect(html).toContain("Ask the community");
  });

  it("answers 503 with a friendly page while the engine is down, and the forum keeps working", async () => {
    const live = app.deps.search;
    const unavailable = new SearchUnavailable();
    app.deps.search = { ...live, search: async () => Promise.reject(unavailable), similar: async () => Promise.reject(unavailable) };
    try {
      const response = await fetch(`${app.url}/search?q=zorbic`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain("Search is briefly unavailable");
      expect((await fetch(`${app.url}/`)).status).toBe(200);
      expect((await fetch(`${app.url}/api/v1/search?q=zorbic`)).status).toBe(503);
      const { browser } = await signedIn("member");
      const askPage = await browser.request("/ask?title=zorbic");
      expect(askPage.status).toBe(200);
      expect(await askPage.text()).not.toContain("These threads may already answer it");
    } finally {
      app.deps.search = live;
    }
  });

  it("serves JSON search with zod-validated parameters", async () => {
    const ok = await fetch(`${app.url}/api/v1/search?q=zorbic&solved=true&limit=5`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { total: number; results: { id: number; titleHtml: string; url: string; solved: boolean }[] };
    expect(body.total).toBe(1);
    expect(body.results[0]).toMatchObject({ id: solvedId, solved: true, titleHtml: "<mark>Zorbic</mark> modem blinks orange" });
    expect(body.results[0]!.url).toBe(`${app.url}/t/${solvedId}/zorbic-modem-blinks-orange`);
    const escaped = (await (await fetch(`${app.url}/api/v1/search?q=zorbic&kind=problem`)).json()) as { results: { titleHtml: string }[] };
    expect(escaped.results[0]!.titleHtml).toBe("<mark>Zorbic</mark> &#60;img src=x onerror=alert(1)&#62; setup");

    // A very long query is cut at 200 characters, not refused: the words up front still find the thread.
    const long = await fetch(`${app.url}/api/v1/search?q=${encodeURIComponent(`zorbic modem ${"x".repeat(5000)}`)}`);
    expect(long.status).toBe(200);
    expect(((await long.json()) as { total: number }).total).toBeGreaterThanOrEqual(0);
    const embedLong = await (await fetch(`${app.url}/embed?q=${encodeURIComponent(`zorbic ${"y".repeat(3000)}`)}`)).text();
    expect(embedLong).toContain(`Answers for “zorbic ${"y".repeat(193)}”`);

    for (const bad of ["limit=abc", "limit=500", "kind=bogus", "solved=maybe", "category=%3Cx%3E"]) {
      const response = await fetch(`${app.url}/api/v1/search?q=zorbic&${bad}`);
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe("invalid_query");
    }
  });

  it("allows CORS only for the configured widget origins, preflight included", async () => {
    const allowed = await fetch(`${app.url}/api/v1/search?q=zorbic`, { headers: { Origin: "https://brand.example" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://brand.example");
    const other = await fetch(`${app.url}/api/v1/search?q=zorbic`, { headers: { Origin: "https://evil.example" } });
    expect(other.status).toBe(200);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();

    const preflight = await fetch(`${app.url}/api/v1/search`, {
      method: "OPTIONS",
      headers: { Origin: "https://brand.example", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://brand.example");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("GET");
    const refused = await fetch(`${app.url}/api/v1/search`, { method: "OPTIONS", headers: { Origin: "https://evil.example" } });
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("suggests similar threads on the ask page, each through the opening counter, which redirects only to thread pages", async () => {
    const { browser } = await signedIn("member");
    const askPage = await (await browser.request("/ask?title=zorbic%20keeps%20blinking")).text();
    expect(askPage).toContain("These threads may already answer it");
    const session = /name="askSession" value="([0-9a-f-]{36})"/.exec(askPage)![1]!;
    expect(askPage).toContain(`/api/v1/ask-sessions/${session}/opened?to=${encodeURIComponent(`/t/${solvedId}/zorbic-modem-blinks-orange`)}`);

    const similar = (await (await browser.request(`/api/v1/similar?title=zorbic%20blinks&askSession=${session}`)).json()) as { threads: { id: number; solved: boolean; href: string }[] };
    expect(similar.threads[0]).toMatchObject({ id: solvedId, solved: true });
    const opened = await browser.request(similar.threads[0]!.href);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`/t/${solvedId}/zorbic-modem-blinks-orange`);
    const evil = await browser.request(`/api/v1/ask-sessions/${session}/opened?to=https://evil.example/`);
    expect(evil.headers.get("location")).toBe("/");

    const staff = await signedIn("staff");
    expect((await staff.browser.request("/staff/insights")).status).toBe(200);
    expect((await browser.request("/staff/insights")).status).toBe(403);
  });

  it("says when it corrected a typo, and whether the results match all the words or only some", async () => {
    const text = async (q: string) => (await (await fetch(`${app.url}/search?q=${encodeURIComponent(q)}`)).text()).replace(/<!-- -->/g, "");
    const corrected = await text("zorbik");
    expect(corrected).toContain("Showing results for <strong>zorbic</strong>");
    expect(corrected).toContain("2 threads found matching all your words");
    expect(await text("zorbic")).not.toContain("Showing results for");
    expect(await text("zorbic orange")).toContain("1 thread found matching all your words");
    expect(await text("zorbic giraffe")).toContain("2 threads found matching some of your words");
    const api = (await (await fetch(`${app.url}/api/v1/search?q=zorbik`)).json()) as { matched: string; correctedQuery?: string };
    expect(api).toMatchObject({ matched: "all", correctedQuery: "zorbic" });
  });

  it("lets admins keep search synonyms in the settings, refusing a line without two words and changing nothing", async () => {
    const { browser } = await signedIn("admin");
    const found = async (q: string) => ((await (await fetch(`${app.url}/api/v1/search?q=${q}`)).json()) as { total: number; matched: string });
    expect(await found("quasitron")).toMatchObject({ total: 0 });

    const bad = await browser.post("/admin/settings", { intent: "search", searchSynonyms: "quasitron, zorbic\nlonely" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Line 2 (“lonely”): give at least two different words or phrases, separated by commas");
    expect(getSettings(app.deps).searchSynonyms).toEqual([]);

    const saved = await browser.post("/admin/settings", { intent: "search", searchSynonyms: " Quasitron, zorbic \n\nwifi, wi-fi, WiFi " });
    expect(saved.status).toBe(302);
    expect(getSettings(app.deps).searchSynonyms).toEqual([["quasitron", "zorbic"], ["wifi", "wi-fi"]]);
    expect(await found("quasitron")).toMatchObject({ total: 2, matched: "all" });
    expect(await (await browser.request("/admin/settings")).text()).toContain("quasitron, zorbic\nwifi, wi-fi");

    expect((await browser.post("/admin/settings", { intent: "search", searchSynonyms: "" })).status).toBe(302);
    expect(await found("quasitron")).toMatchObject({ total: 0 });
  });

  it("answers odd queries with results or a clear empty page, never an error", async () => {
    const odd = ["!!! ??? ...", "the and of", "x".repeat(2000), `${"zorbic AND NOT ".repeat(140)}`, '"zorbic" OR NEAR(modem, 2) -blinks *', "zorbic 连接 パスワード", "\u0000\u0007 zorbic"];
    for (const q of odd) {
      const page = await fetch(`${app.url}/search?${new URLSearchParams({ q })}`);
      expect(page.status, q.slice(0, 30)).toBe(200);
      const api = await fetch(`${app.url}/api/v1/search?${new URLSearchParams({ q })}`);
      expect(api.status, q.slice(0, 30)).toBe(200);
      expect(((await api.json()) as { matched: string }).matched).toMatch(/^(all|some)$/);
      expect((await fetch(`${app.url}/api/v1/similar?${new URLSearchParams({ title: q })}`)).status, q.slice(0, 30)).toBe(200);
    }
    const empty = (await (await fetch(`${app.url}/search?q=${encodeURIComponent("!!! ??? ...")}`)).text()).replace(/<!-- -->/g, "");
    expect(empty).toContain("No threads match “!!! ??? ...”.");
    expect(empty).toContain("Check the spelling, or try fewer or different words.");
    const operators = (await (await fetch(`${app.url}/search?q=${encodeURIComponent(`${"zorbic AND NOT ".repeat(140)}`)}`)).text()).replace(/<!-- -->/g, "");
    expect(operators).toContain("2 threads found matching all your words");
  });
});
