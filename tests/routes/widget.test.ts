import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threads, widgetEvents } from "@db/schema";
import { createMeilisearchIndex } from "@search/meilisearch.server";
import { applySearchUpdates, prepareSearch } from "@search/sync.server";
import { acceptAnswer } from "~/services/accept.server";
import { createReply } from "~/services/posts.server";
import { getSettings, updateSettings } from "~/services/settings.server";
import { Browserish, startTestApp, type TestApp } from "../setup/test-app";
import { makeUser, TEST_PASSWORD } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { startFakeMeilisearch } from "../search/fake-meilisearch";

const BRAND = "https://www.brand.example";
const OTHER = "http://127.0.0.1:8081";

describe("the help widget over HTTP", () => {
  let app: TestApp;
  let solvedId: number;
  let categorySlug: string;
  beforeAll(async () => {
    app = await startTestApp();
    const deps = app.deps;
    updateSettings(deps, { widgetOrigins: [BRAND, OTHER] });
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const category = makeCategory(deps.db, { slug: "widget-billing" });
    categorySlug = category.slug;
    const thread = ask(deps, asker, category, { title: "Charged twice for my widget plan", body: "Two charges on **one** bill." });
    const answer = createReply(deps, helper, thread.id, { body: "The second charge is a *pre-authorisation*; it drops off in 3 days." });
    createReply(deps, asker, thread.id, { body: "Thanks, it vanished." });
    acceptAnswer(deps, asker, answer.id);
    solvedId = thread.id;
    const unsolved = ask(deps, asker, makeCategory(deps.db), { title: "An unsolved widget question about roaming" });
    await applySearchUpdates(deps, [thread.id, unsolved.id]);
  });
  afterAll(() => app.close());

  it("frames /embed only for the listed origins, without X-Frame-Options, uncached and noindex", async () => {
    const response = await fetch(`${app.url}/embed`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain(`frame-ancestors ${BRAND} ${OTHER}`);
    expect(response.headers.get("x-frame-options")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    const html = await response.text();
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"/>');
  });

  it("every other page keeps frame-ancestors 'none' and X-Frame-Options DENY", async () => {
    for (const path of ["/", "/auth/sign-in", "/embedded-elsewhere", "/c/widget-billing"]) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  it("renders the widget without the site chrome and without hydration, one nonced script only", async () => {
    const response = await fetch(`${app.url}/embed?o=${encodeURIComponent(BRAND)}`);
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")![1]!;
    const html = await response.text();
    expect(html).not.toContain("site-header");
    expect(html).not.toContain("/build/entry.client");
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/src="\/embed\.js\?v=[0-9a-f]{12}"/);
    expect(scripts[0]).toContain(`nonce="${nonce}"`);
  });

  it("shows popular solved threads of the brand's category before anything is typed", async () => {
    const html = await (await fetch(`${app.url}/embed?c=${categorySlug}`)).text();
    expect(html).toContain("Charged twice for my widget plan");
    expect(html).not.toContain("An unsolved widget question about roaming");
    expect(html).toContain(`href="/ask?category=${categorySlug}"`);
    expect(html).not.toContain("data-embed-unknown-category");
  });

  it("drops a data-category that names no category: answers from everywhere, an ask link without it, and a marker for the loader", async () => {
    const popular = await (await fetch(`${app.url}/embed?o=${encodeURIComponent(BRAND)}&c=no-such-category`)).text();
    expect(popular).toContain("Charged twice for my widget plan");
    expect(popular).toContain('href="/ask" target="_blank"');
    // embed.js reads the marker and says unknownCategory in its "ready" message; the loader warns.
    expect(popular).toContain('data-embed-unknown-category=""');
    expect(popular).not.toContain("no-such-category");

    const typed = await (await fetch(`${app.url}/embed?o=${encodeURIComponent(BRAND)}&c=no-such-category&q=charged`)).text();
    expect(typed).toContain(`href="/ask?title=charged"`);
    // Nor do the search form and result links carry it to the next page.
    expect(typed).toContain(`href="/embed/t/${solvedId}?o=${encodeURIComponent(BRAND)}&amp;q=charged"`);
    expect(typed).not.toContain("no-such-category");
  });

  it("searches without JavaScript and keeps the widget options on every link", async () => {
    const html = await (await fetch(`${app.url}/embed?c=${categorySlug}&k=%23aa0077&q=charged`)).text();
    expect(html).toContain("<mark>Charged</mark> twice for my widget plan");
    expect(html).toContain(`href="/embed/t/${solvedId}?c=${categorySlug}&amp;k=%23aa0077&amp;q=charged"`);
    expect(html).toContain(`href="/ask?category=${categorySlug}&amp;title=charged"`);
    expect(html).toContain('name="k" value="#aa0077"');
  });

  it("favours the brand's category in search results without hiding the others", async () => {
    const asker = await makeUser(app.deps);
    const first = ask(app.deps, asker, makeCategory(app.deps.db, { slug: "widget-first" }), { title: "Voicemail greeting widget test" });
    const second = ask(app.deps, asker, makeCategory(app.deps.db, { slug: "widget-second" }), { title: "Voicemail greeting widget test again" });
    await applySearchUpdates(app.deps, [first.id, second.id]);
    const order = async (category: string) => {
      const html = await (await fetch(`${app.url}/embed?c=${category}&q=voicemail+greeting`)).text();
      return [first.id, second.id].sort((a, b) => html.indexOf(`/embed/t/${a}?`) - html.indexOf(`/embed/t/${b}?`));
    };
    expect(await order("widget-first")).toEqual([first.id, second.id]);
    expect(await order("widget-second")).toEqual([second.id, first.id]);
  });

  it("says search is briefly unavailable while Meilisearch is unreachable, and the rest of the widget keeps working", async () => {
    const fake = await startFakeMeilisearch();
    const live = app.deps.search;
    app.deps.search = createMeilisearchIndex({ host: fake.url, indexUid: "threads", taskIntervalMs: 1, timeoutMs: 2000 });
    try {
      await prepareSearch(app.deps, () => {});
      // The same request before and after the engine goes away; embed.js fetches it as the person types.
      const typed = `${app.url}/embed?o=${encodeURIComponent(BRAND)}&c=${categorySlug}&q=charged`;
      expect(await (await fetch(typed)).text()).toContain("<mark>Charged</mark> twice for my widget plan");
      await fake.close();

      const down = await fetch(typed);
      // A 2xx, because embed.js swaps in only an answer that is ok: the message replaces stale results.
      expect(down.status).toBe(200);
      const html = await down.text();
      // Both parts embed.js swaps in: the live status a screen reader announces, and the results.
      expect(/id="embed-status"[^>]*>([^<]*)</.exec(html)?.[1]).toBe("Search is briefly unavailable. Please try again in a moment.");
      expect(html.slice(html.indexOf('id="embed-results"'))).toContain("Search is briefly unavailable. Please try again in a moment.");
      expect(html).not.toContain("No answers");
      expect(html).not.toContain("Charged twice for my widget plan");

      const api = await fetch(`${app.url}/api/v1/search?q=charged`, { headers: { Origin: BRAND } });
      expect(api.status).toBe(503);
      expect(await api.json()).toEqual({ error: "search_unavailable" });
      expect(api.headers.get("retry-after")).toBe("30");
      // The brand's page can read the error (CORS) and must not cache it.
      expect(api.headers.get("access-control-allow-origin")).toBe(BRAND);
      expect(api.headers.get("cache-control")).toBe("no-store");

      expect((await fetch(`${app.url}/search?q=charged`)).status).toBe(503);
      const popular = await fetch(`${app.url}/embed?c=${categorySlug}`);
      expect(popular.status).toBe(200);
      expect(await popular.text()).toContain("Charged twice for my widget plan");
      expect((await fetch(`${app.url}/embed/t/${solvedId}?q=charged`)).status).toBe(200);
      expect((await fetch(`${app.url}/c/${categorySlug}`)).status).toBe(200);
    } finally {
      app.deps.search = live;
      await fake.close();
    }
  });

  it("opens a readable answer: question, accepted answer first, and a link to the community", async () => {
    const html = await (await fetch(`${app.url}/embed/t/${solvedId}?q=charged`)).text();
    expect(html).toContain("<h1>Charged twice for my widget plan</h1>");
    expect(html).toContain("Two charges on <strong>one</strong> bill.");
    const accepted = html.indexOf("pre-authorisation");
    const other = html.indexOf("Thanks, it vanished.");
    expect(accepted).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(accepted);
    expect(html).toContain("Solved: the answer that worked");
    const slug = app.deps.db.select().from(threads).where(eq(threads.id, solvedId)).get()!.slug;
    expect(html).toContain(`href="/t/${solvedId}/${slug}" target="_blank" rel="noopener"`);
    expect(html).toContain('href="/embed?q=charged" target="_self"');
  });

  it("answers 404 inside the widget for a hidden or unknown thread", async () => {
    app.deps.db.update(threads).set({ hidden: true }).where(eq(threads.id, solvedId)).run();
    try {
      const hidden = await fetch(`${app.url}/embed/t/${solvedId}`);
      expect(hidden.status).toBe(404);
      expect(await hidden.text()).toContain("This answer is no longer here");
      expect((await fetch(`${app.url}/embed/t/999999`)).status).toBe(404);
      expect((await fetch(`${app.url}/embed/t/abc`)).status).toBe(404);
    } finally {
      app.deps.db.update(threads).set({ hidden: false }).where(eq(threads.id, solvedId)).run();
    }
  });

  it("counts events from the widget's own frame for an allowed origin, and nothing else", async () => {
    const frame = new Browserish(app.url);
    const count = () =>
      app.deps.db.select().from(widgetEvents).where(eq(widgetEvents.origin, OTHER)).all().map((row) => [row.event, row.count]).sort();
    expect((await frame.post("/embed/events", { origin: OTHER, event: "open" })).status).toBe(204);
    expect((await frame.post("/embed/events", { origin: OTHER, event: "open" })).status).toBe(204);
    expect((await frame.post("/embed/events", { origin: OTHER, event: "ask" })).status).toBe(204);
    expect((await frame.post("/embed/events", { origin: "https://not-listed.example", event: "open" })).status).toBe(400);
    expect((await frame.post("/embed/events", { origin: OTHER, event: "explode" })).status).toBe(400);
    // A page on the brand's site cannot post counts directly: the CSRF Origin check refuses it.
    expect((await frame.post("/embed/events", { origin: OTHER, event: "open" }, { origin: OTHER })).status).toBe(403);
    expect(count()).toEqual([
      ["ask", 1],
      ["open", 2],
    ]);
  });

  it("tells the loader whether the page's origin may show the widget, readable from any origin", async () => {
    const answer = async (origin?: string) => {
      const response = await fetch(`${app.url}/api/v1/widget-origin`, { headers: origin ? { Origin: origin } : {} });
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("vary")).toContain("Origin");
      return { body: await response.json(), cache: response.headers.get("cache-control") };
    };
    expect(await answer(BRAND)).toEqual({ body: { allowed: true }, cache: "public, max-age=300" });
    expect(await answer("HTTPS://WWW.BRAND.EXAMPLE")).toMatchObject({ body: { allowed: true } });
    // A refusal is not cached, so an origin an admin has just added works on the next page load.
    expect(await answer("https://evil.example")).toEqual({ body: { allowed: false }, cache: "no-store" });
    expect(await answer("null")).toMatchObject({ body: { allowed: false } });
    expect(await answer()).toMatchObject({ body: { allowed: false } });
  });

  it("serves the loader with a content ETag, a short cache on the stable URL and a year on ?v=hash", async () => {
    const stable = await fetch(`${app.url}/widget.js`);
    expect(stable.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(stable.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=86400");
    const etag = stable.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{12}"$/);
    expect(await stable.text()).toContain("window.Peerdesk");
    const pinned = await fetch(`${app.url}/widget.js?v=${etag.slice(1, -1)}`);
    expect(pinned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const stale = await fetch(`${app.url}/widget.js?v=000000000000`);
    expect(stale.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=86400");
    // An explicit Cache-Control keeps fetch from adding "no-cache", which would force a full answer.
    const revalidated = await fetch(`${app.url}/widget.js`, { headers: { "If-None-Match": etag, "Cache-Control": "max-age=0" } });
    expect(revalidated.status).toBe(304);
  });

  async function signedIn(role: "member" | "admin") {
    const user = await makeUser(app.deps, { role });
    const browser = new Browserish(app.url);
    expect((await browser.post("/auth/sign-in", { email: user.email, password: TEST_PASSWORD })).status).toBe(302);
    return browser;
  }

  it("the ask page opened with a category that does not exist shows the form with no category chosen", async () => {
    const member = await signedIn("member");
    const response = await member.request("/ask?category=no-such-category&title=Charged%20twice");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('value="Charged twice"');
    expect(html).toContain(`<option value="${categorySlug}">`);
    expect(html).not.toMatch(/<option[^>]* selected/);
  });

  it("the widget admin page is for admins only", async () => {
    const guest = await new Browserish(app.url).request("/admin/widget");
    expect(guest.status).toBe(302);
    expect(guest.headers.get("location")).toContain("/auth/sign-in");
    const member = await signedIn("member");
    expect((await member.request("/admin/widget")).status).toBe(403);
    expect((await member.post("/admin/widget", { origins: "https://attacker.example" })).status).toBe(403);
    expect(updateSettingsSnapshot()).toEqual([BRAND, OTHER]);
  });

  it("shows the install snippet with the chosen options, ready to copy", async () => {
    const admin = await signedIn("admin");
    const html = await (await admin.request(`/admin/widget?category=${categorySlug}&title=Need+help%3F&color=%23aa0077&position=left`)).text();
    const origin = new URL(app.url).origin;
    expect(html).toContain(
      `&lt;script src=&quot;${origin}/widget.js&quot; data-category=&quot;${categorySlug}&quot; data-title=&quot;Need help?&quot; data-color=&quot;#aa0077&quot; data-position=&quot;left&quot; async&gt;&lt;/script&gt;`,
    );
    expect(html).toContain("data-lang-ask");
    expect(html).toContain("Peerdesk.open({ query:");
  });

  it("an admin saves origins; a bad one is refused next to the field with the typed text kept", async () => {
    const admin = await signedIn("admin");
    const bad = await admin.post("/admin/widget", { origins: `${BRAND}\nhttps://www.brand.example/help` });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("is not an origin like https://www.brand.com");
    expect(html).toContain("https://www.brand.example/help</textarea>");
    expect(updateSettingsSnapshot()).toEqual([BRAND, OTHER]);

    const good = await admin.post("/admin/widget", { origins: `${BRAND}\n${OTHER}\nHTTPS://Help.Brand.example/` });
    expect(good.status).toBe(200);
    expect(updateSettingsSnapshot()).toEqual([BRAND, OTHER, "https://help.brand.example"]);
    const csp = (await fetch(`${app.url}/embed`)).headers.get("content-security-policy");
    expect(csp).toContain(`frame-ancestors ${BRAND} ${OTHER} https://help.brand.example`);
    updateSettings(app.deps, { widgetOrigins: [BRAND, OTHER] });
  });

  it("staff see widget use per site beside the deflection figure", async () => {
    const frame = new Browserish(app.url);
    for (const event of ["open", "open", "view", "ask"]) await frame.post("/embed/events", { origin: BRAND, event });
    const staff = await signedIn("admin");
    const html = await (await staff.request("/staff/insights")).text();
    expect(html).toContain("Help widget on brand sites");
    const row = html.slice(html.indexOf(`<th scope="row">${BRAND}</th>`));
    expect(row.slice(0, row.indexOf("</tr>"))).toBe(`<th scope="row">${BRAND}</th><td>2</td><td>0</td><td>1</td><td>1</td>`);
  });

  function updateSettingsSnapshot() {
    return getSettings(app.deps).widgetOrigins;
  }
});
