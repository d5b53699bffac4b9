import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { posts, threads } from "@db/schema";
import { pageText, signInAs, startTestApp, type TestApp, robotCheck } from "../setup/test-app";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

// Issue 11: sending the answer form twice (a second press, a resent form) posted it twice.
describe("the same post sent twice, without JavaScript", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    makeCategory(app.deps.db, { slug: "repeats" });
  });
  afterAll(() => app.close());

  it("a second identical answer is refused with 409 next to the answer box, and the thread keeps one", async () => {
    const asker = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, { slug: "repeats" });
    const { user, browser } = await signInAs(app);
    const first = await browser.post(`/t/${id}/${slug}`, { intent: "reply", body: "Restart the router." });
    expect(first.status).toBe(302);
    app.deps.clock.advance(20_000);
    const second = await browser.post(`/t/${id}/${slug}`, { intent: "reply", body: "Restart the router.\n" });
    expect(second.status).toBe(409);
    const html = pageText(await second.text());
    expect(html).toContain('id="field-body-error" role="alert">You posted this same answer a moment ago: it is already in the thread.');
    // The page shows the answer that was posted, so nothing seems lost.
    expect(html).toContain("<p>Restart the router.</p>");
    expect(app.deps.db.select().from(posts).where(eq(posts.authorId, user.id)).all()).toHaveLength(1);
  });

  it("a second identical question is refused with 409 and the form says why", async () => {
    const { user, browser } = await signInAs(app);
    const question = { category: "repeats", kind: "question", title: "Router blinks red", body: "Since **today**." };
    expect((await browser.post("/ask", { ...robotCheck(app, "ask"), ...question })).status).toBe(302);
    const again = await browser.post("/ask", { ...robotCheck(app, "ask"), ...question });
    expect(again.status).toBe(409);
    expect(pageText(await again.text())).toContain("You asked this same question a moment ago: it is already posted.");
    expect(app.deps.db.select().from(threads).where(eq(threads.authorId, user.id)).all()).toHaveLength(1);
  });
});
