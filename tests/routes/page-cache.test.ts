import http from "node:http";
import v8 from "node:v8";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { User } from "@db/schema";
import { acceptAnswer } from "~/services/accept.server";
import { deleteAccount } from "~/services/account-deletion.server";
import { changeDisplayName } from "~/services/account-profile.server";
import { saveSiteSettings } from "~/services/escalation-settings.server";
import { moveThread, setPostHidden, setThreadLocked } from "~/services/moderation.server";
import { createReply, deletePost, editPost } from "~/services/posts.server";
import { mergeThread } from "~/services/thread-merge.server";
import { addMeToo, voteHelpful } from "~/services/votes.server";
import { createTestDepsOn, type TestDeps } from "../setup/deps";
import { signInAs, startTestApp, type TestApp } from "../setup/test-app";
import { makeUser, TEST_PASSWORD } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

// Issue 14: guests' pages come from a cache, and no write — made by this process or by another one
// on the same database file — leaves a guest looking at the page as it was before.
describe("the guest page cache", () => {
  let app: TestApp;
  /** Another process's view of the same database: its own connection, its own services. */
  let other: TestDeps;
  let category: { id: number; slug: string };
  let asker: User;
  let helper: User;
  let staff: User;
  let moderator: User;
  let admin: User;

  beforeAll(async () => {
    app = await startTestApp();
    other = createTestDepsOn(app.deps.file);
    category = makeCategory(app.deps.db);
    asker = await makeUser(app.deps);
    helper = await makeUser(app.deps);
    staff = await makeUser(app.deps, { role: "staff" });
    moderator = await makeUser(app.deps, { role: "moderator" });
    admin = await makeUser(app.deps, { role: "admin" });
  });
  afterAll(async () => {
    other.db.$client.close();
    await app.close();
  });
  beforeEach(() => {
    // Posting limits count by the clock: each test starts a while after the last.
    app.deps.clock.advanceMinutes(30);
    other.clock.set(app.deps.clock.now());
  });

  async function guest(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${app.url}${path}`, { headers, redirect: "manual" });
    return { response, status: response.status, cache: response.headers.get("x-page-cache"), html: (await response.text()).replaceAll("<!-- -->", "") };
  }

  /** A thread with a question by the asker and an answer by the helper; its address is served from the cache. */
  let threadCount = 0;
  async function cachedThread(title = `Why does my router blink? (${++threadCount})`) {
    const thread = ask(app.deps, asker, category, { title });
    const answer = createReply(app.deps, helper, thread.id, { body: `Hold the reset button for ten seconds (${title}).` });
    const path = `/t/${thread.id}/${thread.slug}`;
    expect((await guest(path)).cache).toBe("miss");
    const second = await guest(path);
    expect(second.cache).toBe("hit");
    return { ...thread, answer, path, html: second.html };
  }

  describe("after a write in another process, the next guest view shows it", () => {
    it("a reply", async () => {
      const { id, path } = await cachedThread();
      createReply(other, staff, id, { body: "Staff here: try a firmware update." });
      expect((await guest(path)).html).toContain("Staff here: try a firmware update.");
    });

    it("an edit", async () => {
      const { answer, path } = await cachedThread();
      editPost(other, helper, answer.id, { body: "Hold the reset button for thirty seconds." });
      expect((await guest(path)).html).toContain("Hold the reset button for thirty seconds.");
    });

    it("a vote, with the author's reputation on another thread they answered in", async () => {
      const first = await cachedThread("First thread");
      const second = await cachedThread("Second thread");
      const before = /Reputation (\d+)/.exec(second.html.slice(second.html.indexOf(`id="post-${second.answer.id}"`)))![1];
      voteHelpful(other, staff, first.answer.id);
      expect((await guest(first.path)).html).toMatch(/Helpful <span class="toggle__count">1</);
      const after = /Reputation (\d+)/.exec((await guest(second.path)).html.split(`id="post-${second.answer.id}"`)[1]!)![1];
      expect(Number(after)).toBeGreaterThan(Number(before));
    });

    it("a me-too", async () => {
      const { id, path } = await cachedThread();
      addMeToo(other, helper, id);
      expect((await guest(path)).html).toMatch(/Me too <span class="toggle__count">1</);
    });

    it("an accepted answer", async () => {
      const { answer, path, html } = await cachedThread();
      expect(html).not.toContain("Jump to the answer");
      acceptAnswer(other, asker, answer.id);
      expect((await guest(path)).html).toContain("Jump to the answer");
    });

    it("a hidden post, a locked thread, a deleted post", async () => {
      const { id, answer, path } = await cachedThread();
      const reply = createReply(app.deps, staff, id, { body: "A staff note that will go." });
      expect((await guest(path)).html).toContain("A staff note that will go.");
      setPostHidden(other, moderator, answer.id, true);
      expect((await guest(path)).html).toContain("This post was hidden by moderators.");
      deletePost(other, staff, reply.id);
      expect((await guest(path)).html).not.toContain("A staff note that will go.");
      setThreadLocked(other, moderator, id, true, "Resolved elsewhere");
      expect((await guest(path)).html).toContain("Locked by moderators: Resolved elsewhere");
    });

    it("a thread moved to another category", async () => {
      const { id, path } = await cachedThread();
      const elsewhere = makeCategory(app.deps.db);
      moveThread(other, moderator, id, elsewhere.id);
      expect((await guest(path)).html).toContain(`href="/c/${elsewhere.slug}"`);
    });

    it("a thread merged into another: its old address leads there", async () => {
      const source = await cachedThread("Merge me");
      const target = await cachedThread("Keep me");
      mergeThread(other, moderator, source.id, String(target.id));
      const moved = await guest(source.path);
      expect(moved.status).toBe(301);
      expect(moved.response.headers.get("location")).toBe(target.path);
      expect((await guest(target.path)).html).toContain("Hold the reset button for ten seconds (Merge me).");
    });

    it("a member's new display name, and their deleted account", async () => {
      const member = await makeUser(app.deps);
      const thread = ask(app.deps, member, category, { title: "Renamed asker" });
      const path = `/t/${thread.id}/${thread.slug}`;
      await guest(path);
      expect((await guest("/")).html).toContain(member.displayName);
      changeDisplayName(other, member, { displayName: "Brand New Name" });
      expect((await guest(path)).html).toContain("Brand New Name");
      expect((await guest("/")).html).toContain("Brand New Name");
      await deleteAccount(other, member, { currentPassword: TEST_PASSWORD });
      const after = (await guest(path)).html;
      expect(after).not.toContain("Brand New Name");
      expect(after).toContain("deleted user");
    });

    it("the new name of a member who joined the thread after it was first cached", async () => {
      const { id, path } = await cachedThread();
      const newcomer = await makeUser(app.deps);
      createReply(other, newcomer, id, { body: "Same here, since yesterday." });
      expect((await guest(path)).html).toContain(newcomer.displayName);
      expect((await guest(path)).cache).toBe("hit");
      changeDisplayName(other, newcomer, { displayName: "Renamed Newcomer" });
      expect((await guest(path)).html).toContain("Renamed Newcomer");
    });

    it("a change of the site's settings", async () => {
      const { path } = await cachedThread();
      saveSiteSettings(other, admin, { siteName: "Router Helpers" });
      expect((await guest(path)).html).toContain("Router Helpers");
    });

    it("a new thread on the home page and in its category's unanswered list", async () => {
      await guest("/");
      await guest(`/c/${category.slug}?filter=unanswered`);
      expect((await guest(`/c/${category.slug}?filter=unanswered`)).cache).toBe("hit");
      ask(other, asker, category, { title: "A question from elsewhere" });
      expect((await guest("/")).html).toContain("A question from elsewhere");
      expect((await guest(`/c/${category.slug}?filter=unanswered`)).html).toContain("A question from elsewhere");
    });

    it("a write made with plain SQL on its own connection", async () => {
      const { answer, path } = await cachedThread();
      const raw = new Database(app.deps.file);
      try {
        raw.prepare("UPDATE posts SET body_html = ? WHERE id = ?").run("<p>Rewritten by a script.</p>", answer.id);
      } finally {
        raw.close();
      }
      expect((await guest(path)).html).toContain("Rewritten by a script.");
    });

    it("a write on the serving process's own connection, after the page was served from the cache again", async () => {
      const { path } = await cachedThread();
      expect((await guest(path)).cache).toBe("hit");
      createReply(app.deps, staff, Number(path.split("/")[2]), { body: "Written on the server's own connection." });
      expect((await guest(path)).html).toContain("Written on the server's own connection.");
    });

    it("a member's new name written by another connection, on a page found current since the last write", async () => {
      const { path } = await cachedThread();
      expect((await guest(path)).cache).toBe("hit");
      expect((await guest(path)).cache).toBe("hit");
      changeDisplayName(other, helper, { displayName: "Helper Renamed Twice" });
      const after = await guest(path);
      expect(after.cache).toBe("miss");
      expect(after.html).toContain("Helper Renamed Twice");
    });

    it("the widget's thread page and Remix's data requests", async () => {
      const { id, path } = await cachedThread();
      for (const address of [`/embed/t/${id}`, `${path}.data`]) {
        await guest(address);
        expect((await guest(address)).cache).toBe("hit");
      }
      createReply(other, staff, id, { body: "Seen in the widget too." });
      expect((await guest(`/embed/t/${id}`)).html).toContain("Seen in the widget too.");
      expect((await guest(`${path}.data`)).html).toContain("Seen in the widget too.");
    });
  });

  describe("keeps a page that a write elsewhere leaves as it was", () => {
    it("a reply its answerer writes in another thread (their answer count is not on the page)", async () => {
      const { path } = await cachedThread();
      const elsewhere = ask(app.deps, asker, category, { title: "Another question for the helper" });
      createReply(other, helper, elsewhere.id, { body: "Try the other cable first, then restart it." });
      expect((await guest(path)).cache).toBe("hit");
    });
  });

  it("a relative time is never served past the moment its words change", async () => {
    const { path, html } = await cachedThread();
    expect(html).toMatch(/Asked <time[^>]*>just now</);
    app.deps.clock.advanceMinutes(2);
    expect((await guest(path)).html).toMatch(/Asked <time[^>]*>2 minutes ago</);
  });

  describe("signed-in members", () => {
    it("are never served a guest's cached page", async () => {
      const { path } = await cachedThread();
      const { user, browser } = await signInAs(app);
      const response = await browser.request(path);
      const html = await response.text();
      expect(response.headers.get("x-page-cache")).toBeNull();
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(html).toContain(user.displayName);
      expect(html).toContain("Sign out");
      expect(html).toContain('name="intent" value="follow"');
    });

    it("never leave their page in the cache", async () => {
      const thread = ask(app.deps, asker, category, { title: "Seen first by a member" });
      const path = `/t/${thread.id}/${thread.slug}`;
      const { user, browser } = await signInAs(app);
      expect(await (await browser.request(path)).text()).toContain(user.displayName);
      const { html, cache } = await guest(path);
      expect(cache).toBe("miss");
      expect(html).not.toContain(user.displayName);
      expect(html).not.toContain("Sign out");
      expect(html).toContain("Sign in</a> to answer");
    });

    it("with a session cookie that is no longer valid, are still kept out of the cache", async () => {
      const { path } = await cachedThread();
      const { response } = await guest(path, { Cookie: "peerdesk_session=expired-or-forged" });
      expect(response.headers.get("x-page-cache")).toBeNull();
      expect(response.headers.get("set-cookie")).toMatch(/^peerdesk_session=;/);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
    });
  });

  describe("HTTP caching for guests", () => {
    it("each cached response carries a nonce of its own, the one its CSP header names", async () => {
      const { path } = await cachedThread();
      const [a, b] = [await guest(path), await guest(path)];
      const nonceOf = (page: Awaited<ReturnType<typeof guest>>) => {
        const header = /'nonce-([^']+)'/.exec(page.response.headers.get("content-security-policy")!)![1]!;
        expect(page.html).toContain(`nonce="${header}"`);
        return header;
      };
      expect(a.cache).toBe("hit");
      expect(b.cache).toBe("hit");
      expect(nonceOf(a)).not.toBe(nonceOf(b));
      expect(a.html.replaceAll(nonceOf(a), "N")).toBe(b.html.replaceAll(nonceOf(b), "N"));
    });

    it("answers 304 to a matching If-None-Match until the page changes, with revalidation required", async () => {
      const { id, path } = await cachedThread();
      const first = await guest(path);
      const etag = first.response.headers.get("etag")!;
      expect(etag).toMatch(/^W\/"/);
      expect(first.response.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
      expect(first.response.headers.get("vary")).toMatch(/Cookie/);
      const unchanged = await guest(path, { "If-None-Match": etag });
      expect(unchanged.status).toBe(304);
      expect(unchanged.html).toBe("");
      // The kept page's scripts carry the nonce of its first answer: a new policy would block them.
      expect(unchanged.response.headers.get("content-security-policy")).toBeNull();
      createReply(other, staff, id, { body: "Changed since." });
      const changed = await guest(path, { "If-None-Match": etag });
      expect(changed.status).toBe(200);
      expect(changed.html).toContain("Changed since.");
    });

    it("gzips a cached page for a client that accepts gzip", async () => {
      const { path } = await cachedThread();
      const { headers, body } = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http.get(`${app.url}${path}`, { headers: { "Accept-Encoding": "gzip" } }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        }).on("error", reject);
      });
      expect(headers["x-page-cache"]).toBe("hit");
      expect(headers["content-encoding"]).toBe("gzip");
      const nonce = /'nonce-([^']+)'/.exec(String(headers["content-security-policy"]))![1]!;
      expect(gunzipSync(body).toString("utf8")).toContain(`nonce="${nonce}"`);
    });

    it("answers HEAD from the cache with the page's headers and no body", async () => {
      const { path } = await cachedThread();
      const response = await fetch(`${app.url}${path}`, { method: "HEAD", headers: { "Accept-Encoding": "identity" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-page-cache")).toBe("hit");
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const body = await (await fetch(`${app.url}${path}`, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer();
      expect(Number(response.headers.get("content-length"))).toBe(body.byteLength);
      expect(await response.text()).toBe("");
    });

    it("keeps the widget's pages out of browsers' caches", async () => {
      const { id } = await cachedThread();
      await guest(`/embed/t/${id}`);
      const page = await guest(`/embed/t/${id}`);
      expect(page.cache).toBe("hit");
      expect(page.response.headers.get("cache-control")).toBe("no-store");
    });
  });
});

// Each worker process keeps its own cache; a page one renders is handed to the others (issue 14: after
// a write each rendered it again), which serve it under their own check of the page's counters.
describe("guest pages shared between worker processes", () => {
  let first: TestApp;
  let second: TestApp;
  let asker: User;
  let helper: User;
  let category: { id: number; slug: string };
  // What the first worker has shared, held back until delivered: the primary passes messages on by
  // structured clone (node:cluster's "advanced" serialization, which is v8.serialize).
  const sent: unknown[] = [];
  let toSecond: ((payload: unknown) => void) | undefined;
  const deliver = () => sent.splice(0).forEach((payload) => toSecond!(v8.deserialize(v8.serialize(payload))));

  beforeAll(async () => {
    first = await startTestApp({ peers: (topic) => (topic === "guest-pages" ? { share: (payload) => void sent.push(payload), receive: () => {} } : null) });
    second = await startTestApp({
      file: first.deps.file,
      peers: (topic) => (topic === "guest-pages" ? { share: () => {}, receive: (handle) => void (toSecond = handle) } : null),
    });
    category = makeCategory(first.deps.db);
    asker = await makeUser(first.deps);
    helper = await makeUser(first.deps);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  // Workers of one server answer one address: both are asked with the same Host.
  const request = (app: TestApp, path: string, gzip: boolean) =>
    new Promise<{ cache: unknown; encoding: unknown; nonce: string; html: string }>((resolve, reject) => {
      const headers = { host: "forum.example", ...(gzip ? { "accept-encoding": "gzip" } : {}) };
      http
        .get(`${app.url}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const body = Buffer.concat(chunks);
            resolve({
              cache: res.headers["x-page-cache"],
              encoding: res.headers["content-encoding"],
              nonce: /'nonce-([^']+)'/.exec(String(res.headers["content-security-policy"]))![1]!,
              html: (res.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString("utf8"),
            });
          });
        })
        .on("error", reject);
    });
  const view = (app: TestApp, path: string) => request(app, path, true);

  it("serves a page another worker rendered, with its own nonce, gzipped or not", async () => {
    const thread = ask(first.deps, asker, category, { title: "Shared between workers" });
    createReply(first.deps, helper, thread.id, { body: "Rendered once, for both workers." });
    const path = `/t/${thread.id}/${thread.slug}`;
    const rendered = await view(first, path);
    expect(rendered.cache).toBe("miss");
    deliver();
    const served = await view(second, path);
    expect(served.cache).toBe("hit");
    expect(served.html).toContain("Rendered once, for both workers.");
    expect(served.html).toContain(`nonce="${served.nonce}"`);
    expect(served.html).not.toContain(rendered.nonce);
    expect(served.html.replaceAll(served.nonce, "N")).toBe(rendered.html.replaceAll(rendered.nonce, "N"));
    expect(served.encoding).toBe("gzip");
    const plain = await request(second, path, false);
    expect(plain).toMatchObject({ cache: "hit", encoding: undefined });
    expect(plain.html).toContain("Rendered once, for both workers.");
  });

  it("never serves a shared page rendered before a write, whenever it arrives", async () => {
    const thread = ask(first.deps, asker, category, { title: "Shared, then written to" });
    const path = `/t/${thread.id}/${thread.slug}`;
    expect((await view(first, path)).cache).toBe("miss");
    // The reply lands (written by the second worker) before the first's page reaches it.
    createReply(second.deps, helper, thread.id, { body: "Written while the page was on its way." });
    deliver();
    const served = await view(second, path);
    expect(served.cache).toBe("miss");
    expect(served.html).toContain("Written while the page was on its way.");
    // And the first worker's own copy is not served either.
    expect((await view(first, path)).html).toContain("Written while the page was on its way.");
  });

  it("ignores anything else on the channel", async () => {
    for (const payload of [null, 7, "page", { kind: "guest-page" }, { kind: "guest-page", key: "k", version: 1, scopes: [], headers: [["a"]], pieces: [], deflated: [], etag: "e", expiresAt: 1, bytes: 1 },
      // Bytes as base64 strings (what a JSON channel would carry) are not a page either.
      { kind: "guest-page", key: "k", version: 1, scopes: [], headers: [], pieces: ["aGk="], deflated: ["aGk="], etag: "e", expiresAt: 1, bytes: 1 },
    ]) {
      expect(() => toSecond!(payload)).not.toThrow();
    }
    const thread = ask(first.deps, asker, category, { title: "Still served" });
    expect((await view(second, `/t/${thread.id}/${thread.slug}`)).html).toContain("Still served");
  });
});
