import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, posts, threads, type Post, type User } from "@db/schema";
import { acceptAnswer } from "~/services/accept.server";
import { createReply } from "~/services/posts.server";
import { Browserish, signInAs, startTestApp, type TestApp } from "../setup/test-app";
import { makeUser, TEST_PASSWORD } from "../factories";
import { ask, makeCategory, replyMany } from "../qa-helpers";

describe("thread pages over HTTP", () => {
  let app: TestApp;
  let category: { slug: string; id: number };
  let staff: User;
  beforeAll(async () => {
    app = await startTestApp();
    category = makeCategory(app.deps.db, { slug: "paged" });
    staff = await makeUser(app.deps, { role: "staff" });
  });
  afterAll(() => app.close());

  async function signedIn() {
    const user = await makeUser(app.deps);
    const browser = new Browserish(app.url);
    expect((await browser.post("/auth/sign-in", { email: user.email, password: TEST_PASSWORD })).status).toBe(302);
    return { user, browser };
  }

  /** A question by `asker` with 120 staff replies ("Reply k" at position k + 1): three pages. */
  async function longThread(asker?: User) {
    const thread = ask(app.deps, asker ?? (await makeUser(app.deps)), category, { title: "A long thread" });
    return { ...thread, path: `/t/${thread.id}/${thread.slug}`, replies: replyMany(app.deps, staff, thread.id, 120) };
  }
  const html = async (path: string) => (await fetch(`${app.url}${path}`)).text();
  const location = async (path: string) => (await fetch(`${app.url}${path}`, { redirect: "manual" })).headers.get("location");
  const question = (threadId: number) => app.deps.db.select().from(posts).where(eq(posts.threadId, threadId)).get()!;

  it("page 2 lists replies 51–100 under the thread's header, with a link back to the question", async () => {
    const { id, path } = await longThread();
    const page = await html(`${path}?page=2`);
    expect(page).toContain("<title>A long thread — page 2 — ");
    expect(page).toContain("<h1>A long thread</h1>");
    expect(page).toContain("<p>Reply 51</p>");
    expect(page).toContain("<p>Reply 100</p>");
    expect(page).not.toContain("<p>Reply 50</p>");
    expect(page).not.toContain("<p>Reply 101</p>");
    expect(page).not.toContain('aria-label="Question"');
    expect(page).toContain(`href="${path}#post-${question(id).id}"`);
    expect(page).toContain("Read the question");
  });

  it("writes each post's words into the page once: not again in the hydration data, whose client navigations get them in their data", async () => {
    const asker = await makeUser(app.deps);
    const thread = ask(app.deps, asker, category, { title: "Where are the words", body: "The question says **quokka-lantern** once." });
    const reply = createReply(app.deps, staff, thread.id, { body: "The answer says *otter-compass* once." });
    const path = `/t/${thread.id}/${thread.slug}`;
    const count = (text: string, word: string) => text.split(word).length - 1;
    const hydrationScripts = (page: string) => [...page.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter((code) => code.includes("streamController")).join("\n");

    const { browser } = await signedIn();
    const memberPage = await (await browser.request(path)).text();
    expect(memberPage).toContain("<p>The answer says <em>otter-compass</em> once.</p>");
    expect(count(memberPage, "otter-compass"), "the reply's words, once").toBe(1);
    // The question's are in the page's description as well (its first 200 characters as plain text).
    expect(count(memberPage, "<strong>quokka-lantern</strong>")).toBe(1);
    expect(hydrationScripts(memberPage)).toContain("Where are the words");
    expect(hydrationScripts(memberPage)).not.toContain("<strong>quokka-lantern");
    expect(hydrationScripts(memberPage)).not.toContain("otter-compass");

    const guestPage = await html(path);
    expect(guestPage).toContain("<p>The answer says <em>otter-compass</em> once.</p>");
    expect(hydrationScripts(guestPage)).toContain("Where are the words");
    expect(hydrationScripts(guestPage)).not.toContain("otter-compass");

    // A client navigation or revalidation reads loader data alone: the words come with it.
    const data = await (await browser.request(`${path}.data`)).text();
    expect(data).toContain("<p>The answer says <em>otter-compass</em> once.</p>");
    expect(data).toContain(`"bodyHtml"`);
    expect(reply.id).toBeGreaterThan(0);
  });

  it("pages carry a canonical address with their number, prev/next links and a labelled page nav", async () => {
    const { path } = await longThread();
    const first = await html(path);
    expect(first).toContain(`<link rel="canonical" href="${app.url}${path}"/>`);
    expect(first).toContain(`<link rel="next" href="${app.url}${path}?page=2"/>`);
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain("<p>Reply 1</p>");
    const second = await html(`${path}?page=2`);
    expect(second).toContain(`<link rel="canonical" href="${app.url}${path}?page=2"/>`);
    expect(second).toContain(`<meta property="og:url" content="${app.url}${path}?page=2"/>`);
    expect(second).toContain(`<link rel="prev" href="${app.url}${path}"/>`);
    expect(second).toContain(`<link rel="next" href="${app.url}${path}?page=3"/>`);
    const nav = second.slice(second.indexOf('<nav aria-label="Pages of this thread"'), second.indexOf("</nav>", second.indexOf('<nav aria-label="Pages of this thread"')));
    expect(nav.match(/<a [^>]*aria-current="page"[^>]*>/g)).toEqual([expect.stringContaining(`href="${path}?page=2"`)]);
    expect(nav).toContain(`href="${path}?page=3"`);
    expect(nav).toContain(`href="${path}"`);
    expect(await html(`${path}?page=3`)).not.toContain('rel="next"');
  });

  it("a guest's page carries the QAPage JSON-LD for crawlers; a member's, rendered for each request, goes without", async () => {
    const { path } = await longThread();
    expect(await html(path)).toContain('<script type="application/ld+json"');
    const { browser } = await signedIn();
    const response = await browser.request(path);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("<h1>A long thread</h1>");
    expect(page).not.toContain("application/ld+json");
  });

  it("a thread that fits one page shows no page nav", async () => {
    const asker = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, category);
    createReply(app.deps, staff, id, { body: "Only reply" });
    expect(await html(`/t/${id}/${slug}`)).not.toContain("Pages of this thread");
  });

  it("a page number that is not a positive whole number reads as page 1; a page past the last is 404", async () => {
    const { path } = await longThread();
    for (const page of ["abc", "0", "-2", "1.5", ""]) {
      const response = await fetch(`${app.url}${path}?page=${page}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain(`<link rel="canonical" href="${app.url}${path}"/>`);
      expect(text).toContain("<p>Reply 1</p>");
    }
    expect((await fetch(`${app.url}${path}?page=4`)).status).toBe(404);
    expect((await fetch(`${app.url}${path}?page=99999999999`)).status).toBe(404);
  });

  it("a wrong slug keeps the page when it redirects to the canonical address", async () => {
    const { id, path } = await longThread();
    const response = await fetch(`${app.url}/t/${id}/old-title?page=2`, { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(`${path}?page=2`);
  });

  it("/p/<id> redirects to the page that shows the post; the accepted answer's is page 1", async () => {
    const asker = await makeUser(app.deps);
    const { id, path, replies } = await longThread(asker);
    const response = await fetch(`${app.url}/p/${replies[110]!.id}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${path}?page=3#post-${replies[110]!.id}`);
    expect(await location(`/p/${replies[60]!.id}`)).toBe(`${path}?page=2#post-${replies[60]!.id}`);
    acceptAnswer(app.deps, asker, replies[110]!.id);
    expect(await location(`/p/${replies[110]!.id}`)).toBe(`${path}#post-${replies[110]!.id}`);
    const first = await html(path);
    expect(first).toContain(`href="#post-${replies[110]!.id}" class="jump-link"`);
    expect(await html(`${path}?page=2`)).toContain(`href="${path}#post-${replies[110]!.id}" class="jump-link"`);
    expect((await fetch(`${app.url}/p/987654`)).status).toBe(404);
    expect((await fetch(`${app.url}/p/nope`)).status).toBe(404);
    app.deps.db.update(threads).set({ hidden: true }).where(eq(threads.id, id)).run();
    expect((await fetch(`${app.url}/p/${replies[0]!.id}`, { redirect: "manual" })).status).toBe(404);
  });

  it("a reply lands on the last page at the new post; a vote comes back to the page it was cast on", async () => {
    const { path } = await longThread();
    const { browser } = await signedIn();
    const replied = await browser.post(path, { intent: "reply", body: "The newest reply" });
    expect(replied.status).toBe(302);
    const newest = app.deps.db.select().from(posts).where(eq(posts.bodyMd, "The newest reply")).get()!;
    expect(replied.headers.get("location")).toBe(`${path}?page=3#post-${newest.id}`);
    const voted = await browser.post(`${path}?page=2`, { intent: "vote", postId: String(newest.id - 50) });
    expect(voted.headers.get("location")).toBe(`${path}?page=2#post-${newest.id - 50}`);
    const followed = await browser.post(`${path}?page=2`, { intent: "follow" });
    expect(followed.headers.get("location")).toBe(`${path}?page=2`);
  });

  it("accepting an answer from a later page lands on page 1 under the question", async () => {
    const { user: asker, browser } = await signedIn();
    const { path, replies } = await longThread(asker);
    const response = await browser.post(`${path}?page=3`, { intent: "accept", postId: String(replies[115]!.id) });
    expect(response.headers.get("location")).toBe(`${path}#post-${replies[115]!.id}`);
    const first = await html(path);
    expect(first.indexOf(`id="post-${replies[115]!.id}"`)).toBeLessThan(first.indexOf("<p>Reply 1</p>"));
    expect(await html(`${path}?page=3`)).toContain("Solved: the answer that worked");
  });

  it("notifications, edits, revisions and quotes lead to the post's page", async () => {
    const { user: asker, browser } = await signedIn();
    const { id, path, replies } = await longThread(asker);
    const late: Post = replies[119]!;
    const note = app.deps.db.select().from(notifications).where(eq(notifications.postId, late.id)).get()!;
    expect((await browser.request(`/notifications/${note.id}`)).headers.get("location")).toBe(`${path}?page=3#post-${late.id}`);

    const mine = createReply(app.deps, asker, id, { body: "My own late reply" });
    const saved = await browser.post(`/p/${mine.id}/edit`, { body: "My own late reply, edited" });
    expect(saved.headers.get("location")).toBe(`${path}?page=3#post-${mine.id}`);
    expect(await html(`/p/${mine.id}/revisions`)).toContain(`href="${path}?page=3#post-${mine.id}"`);

    const page = await (await browser.request(`${path}?page=2`)).text();
    expect(page).toContain(`href="${path}?page=2&amp;quote=${replies[60]!.id}#reply"`);
    expect(page).toContain(`action="${path}?page=2"`);
    const quoting = await (await browser.request(`${path}?page=2&quote=${replies[60]!.id}`)).text();
    expect(quoting).toContain(`([#${replies[60]!.id}](/p/${replies[60]!.id}))`);
  });

  it("a profile's recent activity links to the page that shows each post", async () => {
    const asker = await makeUser(app.deps, { handle: "paged_asker" });
    const { id, path } = await longThread(asker);
    const late = createReply(app.deps, asker, id, { body: "A late word from the asker" });
    expect(await html("/u/paged_asker")).toContain(`href="${path}?page=3#post-${late.id}"`);
  });

  it("a guest's thread page draws no lazily loaded code, even over deleted and hidden posts; a member's and a moderator's draw theirs", async () => {
    // Issue 14: what a page draws through lazyModule is fetched before it hydrates, so a guest's
    // page must draw none of it (member tools, staff views of posts, the signed-in header).
    const { path, replies } = await longThread();
    const { browser: moderator } = await signInAs(app, "moderator");
    expect((await moderator.post(path, { intent: "delete", postId: String(replies[0]!.id) })).status).toBe(302);
    expect((await moderator.post(path, { intent: "hide", postId: String(replies[1]!.id) })).status).toBe(302);
    const markers = (page: string) => [...new Set([...page.matchAll(/data-lazy-module="([^"]+)"/g)].map((match) => match[1]))].sort();
    const guest = await html(path);
    expect(guest).toContain("This post was deleted.");
    expect(markers(guest)).toEqual([]);
    const { browser: member } = await signedIn();
    expect(markers(await (await member.request(path)).text())).toEqual(["member-chrome", "thread-member-tools"]);
    const staffView = await (await moderator.request(path)).text();
    expect(staffView).toContain("only staff can read it");
    expect(staffView).toContain("<strong>Hidden</strong>");
    expect(staffView).toContain(">Restore</button>");
    expect(markers(staffView)).toEqual(["member-chrome", "thread-member-tools"]);
  });
});
