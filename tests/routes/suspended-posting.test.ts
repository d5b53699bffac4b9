import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users, type Post, type User } from "@db/schema";
import { createReply } from "~/services/posts.server";
import { makeUser } from "../factories";
import { ask, makeCategory, snapshot } from "../qa-helpers";
import { pageText, robotCheck, signInAs, startTestApp, type Browserish, type TestApp } from "../setup/test-app";

/**
 * Issue 12: a suspended member keeps reading but cannot post through any route, form, fetcher or
 * API. Each way in is tried here over HTTP with a real session; each answers 403 with the reason
 * (or, for the JSON API, which takes no writes at all, 405), and the database is left as it was.
 */
describe("a suspended member cannot post through any route", () => {
  let app: TestApp;
  let suspended: { user: User; browser: Browserish };
  let threadPath: string;
  let othersAnswer: Post;
  let ownAnswer: Post;
  beforeAll(async () => {
    app = await startTestApp();
    const category = makeCategory(app.deps.db, { slug: "suspensions" });
    suspended = await signInAs(app, "member");
    const asker = await makeUser(app.deps);
    const thread = ask(app.deps, suspended.user, category, { title: "Asked before the suspension" });
    threadPath = `/t/${thread.id}/${thread.slug}`;
    othersAnswer = createReply(app.deps, asker, thread.id, { body: "Someone else's answer" });
    ownAnswer = createReply(app.deps, suspended.user, thread.id, { body: "My own words" });
    // Until a day far ahead of both the test clock and the wall clock the pages read.
    app.deps.db
      .update(users)
      .set({ suspendedUntil: new Date("2099-01-01T00:00:00Z"), suspensionReason: "Spam links" })
      .where(eq(users.id, suspended.user.id))
      .run();
  });
  afterAll(() => app.close());

  it("refuses every write from the thread page, the ask page (the widget's ask lands there) and the edit page with 403 and a clear message", async () => {
    const before = snapshot(app.deps.db);
    const attempts: [string, Record<string, string>][] = [
      [threadPath, { intent: "reply", body: "One more thing" }],
      [threadPath, { intent: "vote", postId: String(othersAnswer.id) }],
      [threadPath, { intent: "unvote", postId: String(othersAnswer.id) }],
      [threadPath, { intent: "accept", postId: String(othersAnswer.id) }],
      [threadPath, { intent: "delete", postId: String(ownAnswer.id) }],
      [threadPath, { intent: "flag", postId: String(othersAnswer.id), reason: "spam" }],
      ["/ask", { category: "suspensions", kind: "question", title: "A new question", body: "Asked while suspended", ...robotCheck(app, "ask") }],
      ["/ask?title=From+the+widget", { category: "suspensions", kind: "question", title: "From the widget", body: "Asked from a brand's site", askSession: "not-a-session", ...robotCheck(app, "ask") }],
      [`/p/${ownAnswer.id}/edit`, { intent: "save", body: "Edited while suspended" }],
    ];
    for (const [path, fields] of attempts) {
      const response = await suspended.browser.post(path, fields);
      const label = `${path} ${fields.intent ?? "ask"}`;
      expect(response.status, label).toBe(403);
      expect(pageText(await response.text()), label).toMatch(/suspended/i);
    }
    expect(snapshot(app.deps.db)).toEqual(before);
  });

  it("refuses “me too” on someone else's question", async () => {
    const other = await makeUser(app.deps);
    const thread = ask(app.deps, other, { slug: "suspensions" }, { title: "Someone else's question" });
    const before = snapshot(app.deps.db);
    for (const intent of ["metoo", "unmetoo"]) {
      const response = await suspended.browser.post(`/t/${thread.id}/${thread.slug}`, { intent });
      expect(response.status, intent).toBe(403);
      expect(pageText(await response.text())).toMatch(/suspended/i);
    }
    expect(snapshot(app.deps.db)).toEqual(before);
  });

  it("the edit page itself is refused, and the JSON API takes no writes at all", async () => {
    expect((await suspended.browser.request(`/p/${ownAnswer.id}/edit`)).status).toBe(403);
    for (const path of ["/api/v1/search", "/api/v1/similar", "/api/v1/widget-origin"]) {
      const response = await suspended.browser.post(path, { q: "anything", title: "anything" });
      expect(response.status, path).toBe(405);
    }
  });

  it("still reads: the thread page says the account cannot post and shows no reply form", async () => {
    const response = await suspended.browser.request(threadPath);
    expect(response.status).toBe(200);
    const page = pageText(await response.text());
    expect(page).toContain("Someone else's answer");
    expect(page).not.toContain('name="intent" value="reply"');
  });
});
