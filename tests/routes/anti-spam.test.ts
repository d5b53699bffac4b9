import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moderationLog, posts, threads, users } from "@db/schema";
import { getSettings } from "~/services/settings.server";
import { Browserish, pageText, robotCheck, signInAs, startTestApp, type TestApp } from "../setup/test-app";
import { makeUser, TEST_PASSWORD } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

// Issue 12: limits answer 429 with Retry-After and say, next to the form, when to try again;
// robots filling the sign-up and ask forms are refused and nothing is stored.
describe("anti-spam over HTTP, without JavaScript", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    makeCategory(app.deps.db, { slug: "spam-checks" });
  });
  afterAll(() => app.close());

  async function signInNewAccount() {
    const user = await makeUser(app.deps, { newAccount: true });
    const browser = new Browserish(app.url);
    expect((await browser.post("/auth/sign-in", { email: user.email, password: TEST_PASSWORD })).status).toBe(302);
    return { user, browser };
  }

  it("a new account's 11th reply in an hour answers 429 with Retry-After and the wait under the answer box; nothing is posted", async () => {
    const asker = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, { slug: "spam-checks" });
    const { user, browser } = await signInNewAccount();
    for (let i = 1; i <= 10; i++) {
      expect((await browser.post(`/t/${id}/${slug}`, { intent: "reply", body: `Tip number ${i}` })).status).toBe(302);
    }
    app.deps.clock.advanceMinutes(20);
    const refused = await browser.post(`/t/${id}/${slug}`, { intent: "reply", body: "Tip number 11" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(40 * 60));
    const html = pageText(await refused.text());
    expect(html).toContain('id="field-body-error" role="alert">New accounts post a little at a time to keep spam out. You can post another reply in 40 minutes.');
    // The refused answer stays in the box.
    expect(html).toContain("Tip number 11</textarea>");
    expect(app.deps.db.select().from(posts).where(eq(posts.authorId, user.id)).all()).toHaveLength(10);
  });

  it("a new account's 4th thread in an hour answers 429 with Retry-After and the message in the ask form", async () => {
    const { user, browser } = await signInNewAccount();
    for (let i = 1; i <= 3; i++) {
      const asked = await browser.post("/ask", { ...robotCheck(app, "ask"), category: "spam-checks", kind: "question", title: `Question ${i}`, body: `Details ${i}` });
      expect(asked.status).toBe(302);
    }
    const refused = await browser.post("/ask", { ...robotCheck(app, "ask"), category: "spam-checks", kind: "question", title: "Question 4", body: "Details 4" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(60 * 60));
    const html = pageText(await refused.text());
    expect(html).toContain('class="form-error" role="alert">New accounts post a little at a time to keep spam out. You can start another thread in 60 minutes.');
    expect(html).toContain('value="Question 4"');
    expect(app.deps.db.select().from(threads).where(eq(threads.authorId, user.id)).all()).toHaveLength(3);
  });

  it("the sign-up and ask pages carry a signed start time and a field to leave empty", async () => {
    const { browser } = await signInNewAccount();
    for (const page of [await new Browserish(app.url).request("/auth/sign-up"), await browser.request("/ask")]) {
      const html = await page.text();
      expect(html).toMatch(/<input type="hidden" name="formStamp" value="\d+\.[\w-]{43}"\/>/);
      expect(html).toMatch(/<label for="field-robot-trap">Leave this field empty<\/label><input id="field-robot-trap" name="website" type="text" tabindex="-1" autocomplete="off" value=""\/>/i);
    }
  });

  it("a sign-up sent a second after the page opened answers 429 with Retry-After and makes no account; sent again later, it does", async () => {
    const browser = new Browserish(app.url);
    const page = await (await browser.request("/auth/sign-up")).text();
    const stamp = /name="formStamp" value="([^"]+)"/.exec(page)![1]!;
    const fields = { formStamp: stamp, website: "", email: "quick@example.com", displayName: "Quick", handle: "quick", password: "a good long password" };
    app.deps.clock.advance(1000);
    const refused = await browser.post("/auth/sign-up", fields);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("2");
    const html = pageText(await refused.text());
    expect(html).toContain("That was sent faster than a person fills in this form. Check it, then send it again in 2 seconds.");
    // It goes back with the same stamp, so waiting is all it takes.
    expect(html).toContain(`name="formStamp" value="${stamp}"`);
    expect(app.deps.db.select().from(users).where(eq(users.handle, "quick")).get()).toBeUndefined();
    app.deps.clock.advance(2000);
    expect((await browser.post("/auth/sign-up", fields)).status).toBe(302);
    expect(app.deps.db.select().from(users).where(eq(users.handle, "quick")).get()).toBeDefined();
  });

  it("a filled-in honeypot or a missing stamp is refused with 400 and a clear message; nothing is stored", async () => {
    const signUp = await new Browserish(app.url).post("/auth/sign-up", {
      ...robotCheck(app, "sign-up"),
      website: "https://cheap.example",
      email: "bot@example.com",
      displayName: "Bot",
      handle: "bot",
      password: "a good long password",
    });
    expect(signUp.status).toBe(400);
    expect(pageText(await signUp.text())).toContain("This form was refused because its hidden “Leave this field empty” field was filled in");
    expect(app.deps.db.select().from(users).where(eq(users.handle, "bot")).get()).toBeUndefined();

    const { user, browser } = await signInNewAccount();
    const trapped = await browser.post("/ask", { ...robotCheck(app, "ask"), website: "x", category: "spam-checks", kind: "question", title: "Cheap pills", body: "Buy now" });
    expect(trapped.status).toBe(400);
    const unstamped = await browser.post("/ask", { category: "spam-checks", kind: "question", title: "Cheap pills", body: "Buy now" });
    expect(unstamped.status).toBe(400);
    expect(pageText(await unstamped.text())).toContain("This form could not be checked (it did not come from this page). Send it again from here.");
    expect(app.deps.db.select().from(threads).where(eq(threads.authorId, user.id)).all()).toHaveLength(0);
  });
});

describe("the anti-spam numbers on /admin/settings", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const fields = {
    intent: "antispam",
    spamNewAccountHours: "48",
    spamNewAccountReputation: "5",
    spamNewAccountThreadsPerHour: "1",
    spamNewAccountRepliesPerHour: "4",
    spamNewAccountLinksPerPost: "0",
    spamRepeatMinutes: "15",
    spamMinFillSeconds: "5",
    spamExemptReputation: "500",
  };

  it("an admin saves them (one audit entry naming what changed); a blank or out-of-range number is refused next to its field and nothing is saved", async () => {
    const { browser } = await signInAs(app, "admin");
    const page = pageText(await (await browser.request("/admin/settings")).text());
    expect(page).toContain('<h2 id="antispam-heading">Anti-spam</h2>');
    expect(page).toMatch(/name="spamNewAccountThreadsPerHour"[^>]*value="3"/);

    const refused = await browser.post("/admin/settings", { ...fields, spamNewAccountHours: "", spamRepeatMinutes: "0" });
    expect(refused.status).toBe(400);
    const html = pageText(await refused.text());
    expect(html).toContain('id="field-spamNewAccountHours-error" role="alert">Enter a whole number');
    expect(html).toContain('id="field-spamRepeatMinutes-error" role="alert">At least 1');
    expect(getSettings(app.deps).spamNewAccountThreadsPerHour).toBe(3);
    expect(app.deps.db.select().from(moderationLog).all()).toHaveLength(0);

    const saved = await browser.post("/admin/settings", fields);
    expect(saved.status).toBe(302);
    expect(getSettings(app.deps)).toMatchObject({ spamNewAccountHours: 48, spamNewAccountThreadsPerHour: 1, spamNewAccountLinksPerPost: 0, spamExemptReputation: 500 });
    const log = app.deps.db.select().from(moderationLog).all();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: "settings.update", details: { changed: Object.keys(fields).filter((key) => key !== "intent") } });
  });

  it("a moderator cannot change them (403)", async () => {
    const { browser } = await signInAs(app, "moderator");
    expect((await browser.post("/admin/settings", { ...fields, spamNewAccountThreadsPerHour: "100" })).status).toBe(403);
    expect(getSettings(app.deps).spamNewAccountThreadsPerHour).not.toBe(100);
  });
});
