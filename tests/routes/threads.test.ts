import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { badges, notifications, posts, threads, users, type User } from "@db/schema";
import { createReply } from "~/services/posts.server";
import { Browserish, startTestApp, type TestApp, robotCheck } from "../setup/test-app";
import { makeUser, TEST_PASSWORD } from "../factories";
import { ask, makeCategory, snapshot } from "../qa-helpers";

describe("questions and answers over HTTP", () => {
  let app: TestApp;
  let category: { slug: string; id: number };
  beforeAll(async () => {
    app = await startTestApp();
    category = makeCategory(app.deps.db, { slug: "routers" });
  });
  afterAll(() => app.close());

  async function signedIn(role: User["role"] = "member") {
    const user = await makeUser(app.deps, { role });
    const browser = new Browserish(app.url);
    const response = await browser.post("/auth/sign-in", { email: user.email, password: TEST_PASSWORD });
    expect(response.status).toBe(302);
    return { user, browser };
  }

  it("asks through /ask and lands on the thread's readable URL", async () => {
    const { user, browser } = await signedIn();
    const response = await browser.post("/ask", { ...robotCheck(app, "ask"), category: "routers", kind: "problem", title: "Router keeps rebooting", body: "Every **hour**." });
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/t\/\d+\/router-keeps-rebooting$/);
    const page = await browser.request(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>Router keeps rebooting");
    expect(html).toContain("<strong>hour</strong>");
    expect(app.deps.db.select().from(threads).where(eq(threads.authorId, user.id)).all()).toHaveLength(1);
  });

  it("answers bad ask input with 400 and field errors next to the fields, keeping the values that fit their fields", async () => {
    const { browser } = await signedIn();
    const before = snapshot(app.deps.db);
    const response = await browser.post("/ask", { ...robotCheck(app, "ask"), category: "nope", kind: "idea", title: "x".repeat(151), body: "Some details" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Pick a category from the list");
    expect(html).toContain("Keep the title under 150 characters");
    expect(html).toContain(`name="kind" checked="" value="idea"`);
    expect(html).toContain("Some details</textarea>");
    // A value longer than its field takes is not repeated back: the field's error says why.
    expect(html).not.toContain("x".repeat(151));
    const emptyBody = await browser.post("/ask", { ...robotCheck(app, "ask"), category: "nope", kind: "question", title: "A fine title", body: "" });
    expect(await emptyBody.text()).toContain("Write something first");
    expect(snapshot(app.deps.db)).toEqual(before);
  });

  it("prefills the ask form from the query string and sends guests to sign in first", async () => {
    const { browser } = await signedIn();
    const html = await (await browser.request("/ask?category=routers&title=Prefilled%20title&body=Some%20body")).text();
    expect(html).toContain('value="Prefilled title"');
    expect(html).toContain("Some body</textarea>");
    expect(html).toMatch(/<option value="routers" selected="">/);
    const guest = await new Browserish(app.url).request("/ask?title=x");
    expect(guest.status).toBe(302);
    expect(guest.headers.get("location")).toBe(`/auth/sign-in?redirectTo=${encodeURIComponent("/ask?title=x")}`);
  });

  it("previews Markdown without JavaScript and through the preview resource route, sanitized", async () => {
    const { browser } = await signedIn();
    const noJs = await browser.post("/ask", { ...robotCheck(app, "ask"), intent: "preview", category: "routers", kind: "question", title: "T", body: "**bold** <script>alert(1)</script>" });
    expect(noJs.status).toBe(200);
    const html = await noJs.text();
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toContain("<script>alert(1)");
    const live = await browser.post("/resources/markdown-preview", { body: "*hi* <img src=x onerror=alert(1)>" });
    expect(live.status).toBe(200);
  });

  it("a member accepting on another's thread gets 403 and nothing changes", async () => {
    const asker = await makeUser(app.deps);
    const { user: helper } = await signedIn();
    const { browser: stranger } = await signedIn();
    const { id, slug } = ask(app.deps, asker, category);
    const answer = createReply(app.deps, helper, id, { body: "An answer" });
    const before = snapshot(app.deps.db);
    const response = await stranger.post(`/t/${id}/${slug}`, { intent: "accept", postId: String(answer.id) });
    expect(response.status).toBe(403);
    expect(snapshot(app.deps.db)).toEqual(before);
  });

  it("the asker accepts over HTTP and the thread is solved", async () => {
    const { user: asker, browser } = await signedIn();
    const helper = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, category);
    const answer = createReply(app.deps, helper, id, { body: "An answer" });
    const response = await browser.post(`/t/${id}/${slug}`, { intent: "accept", postId: String(answer.id) });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/t/${id}/${slug}#post-${answer.id}`);
    expect(app.deps.db.select().from(threads).where(eq(threads.id, id)).get()!.status).toBe("solved");
    expect(app.deps.db.select().from(users).where(eq(users.id, helper.id)).get()!.reputation).toBe(15);
  });

  it("answers 404 for an unknown thread, on reading and on every write", async () => {
    const { browser } = await signedIn();
    expect((await browser.request("/t/999999/whatever")).status).toBe(404);
    expect((await browser.request("/t/999999")).status).toBe(404);
    expect((await browser.request("/t/not-a-number/x")).status).toBe(404);
    expect((await browser.post("/t/999999/x", { intent: "reply", body: "hello" })).status).toBe(404);
    expect((await browser.post("/t/999999/x", { intent: "metoo" })).status).toBe(404);
  });

  it("a reply with an empty body is a 400 field error; an unknown intent is a 400", async () => {
    const asker = await makeUser(app.deps);
    const { browser } = await signedIn();
    const { id, slug } = ask(app.deps, asker, category);
    const before = snapshot(app.deps.db);
    const empty = await browser.post(`/t/${id}/${slug}`, { intent: "reply", body: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write something first");
    expect((await browser.post(`/t/${id}/${slug}`, { intent: "explode" })).status).toBe(400);
    expect(snapshot(app.deps.db)).toEqual(before);
  });

  it("a post made with JavaScript tells the page to reload its data, though it lands on the same address with #post-N", async () => {
    const asker = await makeUser(app.deps);
    const { browser } = await signedIn();
    const { id, slug } = ask(app.deps, asker, category);
    // Remix's own request for a form posted with JavaScript: the redirect comes back as data.
    const response = await browser.post(`/t/${id}/${slug}.data`, { intent: "reply", body: "Restart the router first." });
    expect(response.status).toBe(202);
    const reply = app.deps.db.select().from(posts).where(eq(posts.threadId, id)).all().find((post) => post.position > 1)!;
    const body = await response.text();
    expect(body).toContain(`"/t/${id}/${slug}#post-${reply.id}"`);
    // Without it, a page refreshed by anything else meanwhile took the landing for a hash change
    // and never showed the new answer (tests/e2e/posting-edge-cases.test.ts, seen in CI).
    expect(body).toMatch(/"revalidate",true/);
  });

  it("replying to a locked thread is 403; voting twice is 409; guests are sent to sign in", async () => {
    const asker = await makeUser(app.deps);
    const { browser } = await signedIn();
    const helper = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, category);
    const answer = createReply(app.deps, helper, id, { body: "An answer" });
    expect((await browser.post(`/t/${id}/${slug}`, { intent: "vote", postId: String(answer.id) })).status).toBe(302);
    expect((await browser.post(`/t/${id}/${slug}`, { intent: "vote", postId: String(answer.id) })).status).toBe(409);
    app.deps.db.update(threads).set({ locked: true }).where(eq(threads.id, id)).run();
    expect((await browser.post(`/t/${id}/${slug}`, { intent: "reply", body: "late" })).status).toBe(403);
    const guest = await new Browserish(app.url).post(`/t/${id}/${slug}`, { intent: "reply", body: "hi" });
    expect(guest.status).toBe(302);
    expect(guest.headers.get("location")).toMatch(/^\/auth\/sign-in/);
  });

  it("shows guests Me too and Helpful as links to sign in that come back to the thread", async () => {
    const asker = await makeUser(app.deps);
    const helper = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, category, { kind: "problem" });
    createReply(app.deps, helper, id, { body: "Have you tried turning it off and on?" });
    const html = await (await fetch(`${app.url}/t/${id}/${slug}`)).text();
    const signIn = `/auth/sign-in?redirectTo=${encodeURIComponent(`/t/${id}/${slug}`)}`;
    const links = [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>(Me too|Helpful)(?:<!-- -->)? /g)].map((m) => [m[2], m[1]!.replace(/&amp;/g, "&")]);
    expect(links).toEqual([
      ["Me too", signIn],
      ["Helpful", signIn],
    ]);
    const member = await makeUser(app.deps);
    const browser = new Browserish(app.url);
    const form = await (await browser.request(signIn)).text();
    expect(form).toContain(`name="redirectTo" value="/t/${id}/${slug}"`);
    const back = await browser.post("/auth/sign-in", { email: member.email, password: TEST_PASSWORD, redirectTo: `/t/${id}/${slug}` });
    expect(back.headers.get("location")).toBe(`/t/${id}/${slug}`);
  });

  it("a wrong slug and a missing slug redirect permanently to the canonical URL", async () => {
    const asker = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, category, { title: "Canonical title here" });
    const wrong = await fetch(`${app.url}/t/${id}/old-title?quote=1`, { redirect: "manual" });
    expect(wrong.status).toBe(301);
    expect(wrong.headers.get("location")).toBe(`/t/${id}/${slug}?quote=1`);
    const bare = await fetch(`${app.url}/t/${id}`, { redirect: "manual" });
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe(`/t/${id}/${slug}`);
  });

  it("serves meta description, canonical and Open Graph tags, and QAPage JSON-LD with the accepted answer", async () => {
    const asker = await makeUser(app.deps);
    const helper = await makeUser(app.deps);
    const other = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, category, { title: "JSON-LD <check>", body: "Is `</script><script>alert(1)</script>` safe when 1 < 2?" });
    const suggested = createReply(app.deps, other, id, { body: "Maybe this" });
    const accepted = createReply(app.deps, helper, id, { body: "Definitely **this**" });
    const { acceptAnswer } = await import("~/services/accept.server");
    acceptAnswer(app.deps, asker, accepted.id);
    const html = await (await fetch(`${app.url}/t/${id}/${slug}`)).text();
    const canonical = `${app.url}/t/${id}/${slug}`;
    expect(html).toContain(`<link rel="canonical" href="${canonical}"/>`);
    expect(html).toContain(`<meta property="og:url" content="${canonical}"/>`);
    expect(html).toContain('<meta property="og:title" content="JSON-LD &lt;check&gt;"/>');
    expect(html).toMatch(/<meta name="description" content="Is &lt;\/script&gt;/);
    const scripts = [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    const raw = scripts[0]![1]!;
    expect(raw).not.toContain("<");
    const jsonLd = JSON.parse(raw);
    expect(jsonLd["@type"]).toBe("QAPage");
    expect(jsonLd.mainEntity).toMatchObject({ "@type": "Question", name: "JSON-LD <check>", answerCount: 2 });
    expect(jsonLd.mainEntity.text).toBe("Is </script><script>alert(1)</script> safe when 1 < 2?");
    expect(jsonLd.mainEntity.acceptedAnswer).toMatchObject({
      "@type": "Answer",
      text: "Definitely this",
      upvoteCount: 0,
      url: `${canonical}#post-${accepted.id}`,
      author: { "@type": "Person", name: helper.displayName },
    });
    expect(jsonLd.mainEntity.suggestedAnswer.map((a: { url: string }) => a.url)).toEqual([`${canonical}#post-${suggested.id}`]);
  });

  it("ideas carry no QAPage JSON-LD", async () => {
    const asker = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, category, { kind: "idea" });
    expect(await (await fetch(`${app.url}/t/${id}/${slug}`)).text()).not.toContain("application/ld+json");
  });

  it("opening a notification marks it read and redirects to the post; someone else's is 404", async () => {
    const { user: asker, browser } = await signedIn();
    const { browser: other } = await signedIn();
    const helper = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, category);
    const answer = createReply(app.deps, helper, id, { body: "Try this" });
    const note = app.deps.db.select().from(notifications).where(eq(notifications.userId, asker.id)).get()!;
    expect((await other.request(`/notifications/${note.id}`)).status).toBe(404);
    const list = await (await browser.request("/notifications")).text();
    expect(list).toContain(`href="/notifications/${note.id}"`);
    const opened = await browser.request(`/notifications/${note.id}`);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`/t/${id}/${slug}#post-${answer.id}`);
    expect(app.deps.db.select().from(notifications).where(eq(notifications.id, note.id)).get()!.readAt).not.toBeNull();
  });

  it("edits keep a visible history: who edited, and when", async () => {
    const { user, browser } = await signedIn();
    const { id, slug } = ask(app.deps, user, category, { body: "before" });
    const post = app.deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    const saved = await browser.post(`/p/${post.id}/edit`, { body: "after", title: "How do I reset my router?" });
    expect(saved.status).toBe(302);
    const page = await (await fetch(`${app.url}/t/${id}/${slug}`)).text();
    expect(page).toContain(`href="/p/${post.id}/revisions"`);
    expect(page).toMatch(/edited<\/a> (<!-- -->)?by (<!-- -->)?User /);
    const history = await (await fetch(`${app.url}/p/${post.id}/revisions`)).text();
    expect(history).toContain("before");
    expect(history).toContain("after");
    const { browser: stranger } = await signedIn();
    expect((await stranger.request(`/p/${post.id}/edit`)).status).toBe(403);
    expect((await stranger.post(`/p/${post.id}/edit`, { body: "vandal" })).status).toBe(403);
  });

  it("lists filter by unanswered, solved and kind, and serve the sitemap and Atom feeds", async () => {
    const asker = await makeUser(app.deps);
    const helper = await makeUser(app.deps);
    const own = makeCategory(app.deps.db, { slug: "filters-cat" });
    const open = ask(app.deps, asker, own, { title: "Still open thread" });
    const answered = ask(app.deps, asker, own, { title: "Answered thread", kind: "problem" });
    createReply(app.deps, helper, answered.id, { body: "reply" });
    const text = async (path: string) => (await fetch(`${app.url}${path}`)).text();
    const unanswered = await text("/c/filters-cat?filter=unanswered");
    expect(unanswered).toContain("Still open thread");
    expect(unanswered).not.toContain("Answered thread");
    const problems = await text("/c/filters-cat?kind=problem");
    expect(problems).toContain("Answered thread");
    expect(problems).not.toContain("Still open thread");
    expect(await text("/?filter=solved")).not.toContain("Still open thread");

    const sitemap = await fetch(`${app.url}/sitemap.xml`);
    expect(sitemap.headers.get("content-type")).toContain("application/xml");
    const index = await sitemap.text();
    expect(index).toContain("<sitemapindex");
    const files = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
    expect(files).toContain(`${app.url}/sitemaps/pages.xml`);
    expect(await text("/sitemaps/pages.xml")).toContain(`<loc>${app.url}/c/filters-cat</loc>`);
    const threadFiles = await Promise.all(files.filter((f) => f.includes("/sitemaps/threads-")).map((f) => fetch(f).then((r) => r.text())));
    expect(threadFiles.join("")).toContain(`<loc>${app.url}/t/${open.id}/${open.slug}</loc>`);
    expect((await fetch(`${app.url}/sitemaps/threads-${files.length + 5}.xml`)).status).toBe(404);
    expect((await fetch(`${app.url}/sitemaps/threads-x.xml`)).status).toBe(404);
    const robots = await text("/robots.txt");
    expect(robots).toContain(`Sitemap: ${app.url}/sitemap.xml`);
    expect(robots).toContain("Disallow: /staff");
    const feed = await fetch(`${app.url}/c/filters-cat/feed.atom`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    const atom = await feed.text();
    expect(atom).toContain("<feed");
    expect(atom).toContain("Still open thread");
    expect(await text("/feeds/latest.atom")).toContain("Answered thread");
    expect((await fetch(`${app.url}/c/no-such/feed.atom`)).status).toBe(404);
  });

  it("badges posts by the role at posting time with the brand's name, marks staff answers as Staff answer, and shows labelled reputation", async () => {
    const { updateSettings } = await import("~/services/settings.server");
    updateSettings(app.deps, { brandName: "Nimbus" });
    const asker = await makeUser(app.deps);
    const staff = await makeUser(app.deps, { role: "staff" });
    const moderator = await makeUser(app.deps, { role: "moderator" });
    const { id, slug } = ask(app.deps, asker, category);
    const staffPost = createReply(app.deps, staff, id, { body: "From staff" });
    const modPost = createReply(app.deps, moderator, id, { body: "From a moderator" });
    app.deps.db.update(users).set({ reputation: 321 }).where(eq(users.id, staff.id)).run();
    const html = await (await fetch(`${app.url}/t/${id}/${slug}`)).text();
    const article = (postId: number) => html.slice(html.indexOf(`id="post-${postId}"`), html.indexOf("</article>", html.indexOf(`id="post-${postId}"`)));
    expect(article(staffPost.id)).toContain('<span class="badge badge--staff">Nimbus Staff</span>');
    expect(article(staffPost.id)).toContain("Staff answer");
    expect(article(staffPost.id)).toMatch(/class="reputation">Reputation (<!-- -->)?321<\/span>/);
    expect(article(modPost.id)).toContain('<span class="badge badge--moderator">Moderator</span>');
    expect(article(staffPost.id)).not.toContain("badge--community");
    const citizen = await makeUser(app.deps);
    app.deps.db.insert(badges).values({ userId: citizen.id, badge: "helper", awardedAt: new Date() }).run();
    const citizenPost = createReply(app.deps, citizen, id, { body: "From a citizen expert" });
    const again = await (await fetch(`${app.url}/t/${id}/${slug}`)).text();
    const citizenArticle = again.slice(again.indexOf(`id="post-${citizenPost.id}"`), again.indexOf("</article>", again.indexOf(`id="post-${citizenPost.id}"`)));
    expect(citizenArticle).toMatch(/<span class="badge badge--community"[^>]*>Helper<\/span>/);
    const question = html.slice(html.indexOf('aria-label="Question"'), html.indexOf("</article>", html.indexOf('aria-label="Question"')));
    expect(question).not.toContain("badge--staff");
  });

  it("a Quote link prefills the answer with the quoted post", async () => {
    const asker = await makeUser(app.deps, { handle: "quote_me" });
    const { browser } = await signedIn();
    const { id, slug } = ask(app.deps, asker, category, { body: "Original words" });
    const first = app.deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    const html = await (await browser.request(`/t/${id}/${slug}?quote=${first.id}`)).text();
    expect(html).toContain(`href="/t/${id}/${slug}?quote=${first.id}#reply"`);
    expect(html).toMatch(/<textarea[^>]*name="body"[^>]*>\*\*@quote_me\*\* wrote/);
    expect(html).toContain("&gt; Original words");
  });

  it("deleting a reply leaves a placeholder; deleting your question lands on its category with a notice", async () => {
    const { user, browser } = await signedIn();
    const helper = await makeUser(app.deps);
    const own = makeCategory(app.deps.db, { slug: "delete-cat" });
    const { id, slug } = ask(app.deps, user, own);
    const mine = createReply(app.deps, user, id, { body: "A follow-up I regret" });
    const gone = await browser.post(`/t/${id}/${slug}`, { intent: "delete", postId: String(mine.id) });
    expect(gone.status).toBe(302);
    const page = await (await browser.request(gone.headers.get("location")!)).text();
    expect(page).toContain("This post was deleted.");
    expect(page).not.toContain("A follow-up I regret");
    const stranger = createReply(app.deps, helper, id, { body: "Not yours" });
    expect((await browser.post(`/t/${id}/${slug}`, { intent: "delete", postId: String(stranger.id) })).status).toBe(403);
    app.deps.db.update(posts).set({ deletedAt: new Date() }).where(eq(posts.id, stranger.id)).run();

    const question = app.deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    const deleted = await browser.post(`/t/${id}/${slug}`, { intent: "delete", postId: String(question.id) });
    expect(deleted.headers.get("location")).toBe("/c/delete-cat?deleted=thread");
    const listing = await (await browser.request("/c/delete-cat?deleted=thread")).text();
    expect(listing).toContain("Your question was deleted.");
    expect((await fetch(`${app.url}/t/${id}/${slug}`)).status).toBe(404);
  });

  it("list rows show kind, status, replies, votes, me too, last activity and staff presence, ideas included", async () => {
    const asker = await makeUser(app.deps);
    const staff = await makeUser(app.deps, { role: "staff" });
    const neighbour = await makeUser(app.deps);
    const own = makeCategory(app.deps.db, { slug: "row-cat" });
    const problem = ask(app.deps, asker, own, { title: "Row problem thread", kind: "problem" });
    const reply = createReply(app.deps, staff, problem.id, { body: "On it" });
    const { addMeToo, voteHelpful } = await import("~/services/votes.server");
    addMeToo(app.deps, neighbour, problem.id);
    voteHelpful(app.deps, neighbour, reply.id);
    ask(app.deps, asker, own, { title: "Row idea thread", kind: "idea" });
    const html = await (await fetch(`${app.url}/c/row-cat`)).text();
    const row = (title: string) => {
      const start = html.lastIndexOf('<li class="thread-row"', html.indexOf(title));
      return html.slice(start, html.indexOf("</li>", start)).replace(/<!-- -->/g, "");
    };
    const problemRow = row("Row problem thread");
    expect(problemRow).toContain('class="kind kind--problem">problem<');
    expect(problemRow).toContain('class="status status--answered">Answered<');
    expect(problemRow).toContain("Staff answer");
    expect(problemRow).toMatch(/<dt>replies<\/dt><dd>1<\/dd>/);
    expect(problemRow).toMatch(/<dt>votes<\/dt><dd>1<\/dd>/);
    expect(problemRow).toMatch(/<dt>me too<\/dt><dd>1<\/dd>/);
    expect(problemRow).toContain("last activity <time");
    const ideaRow = row("Row idea thread");
    expect(ideaRow).toContain('class="status status--open">Unanswered<');
    expect(ideaRow).not.toContain("Staff answer");
  });

  it("?quote= never shows a post of another thread, nor anything to a guest", async () => {
    const asker = await makeUser(app.deps);
    const { browser } = await signedIn();
    const secret = ask(app.deps, asker, category, { body: "Words of a thread the asker deleted" });
    const secretPost = app.deps.db.select().from(posts).where(eq(posts.threadId, secret.id)).get()!;
    const { deletePost } = await import("~/services/posts.server");
    deletePost(app.deps, asker, secretPost.id);
    const open = ask(app.deps, asker, category, { body: "Public words" });
    const openPost = app.deps.db.select().from(posts).where(eq(posts.threadId, open.id)).get()!;
    const viaOther = await (await browser.request(`/t/${open.id}/${open.slug}?quote=${secretPost.id}`)).text();
    expect(viaOther).not.toContain("Words of a thread the asker deleted");
    const guest = await (await fetch(`${app.url}/t/${open.id}/${open.slug}?quote=${openPost.id}`)).text();
    expect(guest).not.toContain("wrote ([#");
  });

  it("a thread page's actions refuse a post of another thread with 409 and a message, changing nothing", async () => {
    const { user, browser } = await signedIn();
    const here = ask(app.deps, user, category, { title: "My own question" });
    const elsewhere = ask(app.deps, user, category, { title: "My other question" });
    const answer = createReply(app.deps, await makeUser(app.deps), elsewhere.id, { body: "An answer over there." });
    const before = snapshot(app.deps.db);
    for (const intent of ["vote", "unvote", "accept", "delete"]) {
      const response = await browser.post(`/t/${here.id}/${here.slug}`, { intent, postId: String(answer.id) });
      expect(response.status, intent).toBe(409);
      expect(await response.text(), intent).toContain("That post is not in this thread.");
    }
    expect(snapshot(app.deps.db)).toEqual(before);
    expect((await browser.post(`/t/${elsewhere.id}/${elsewhere.slug}`, { intent: "accept", postId: String(answer.id) })).status).toBe(302);
  });
});
