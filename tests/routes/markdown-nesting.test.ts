import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { posts } from "@db/schema";
import { TOO_DEEPLY_NESTED } from "~/utils/markdown-nesting";
import { Browserish, pageText, signInAs, startTestApp, type TestApp, robotCheck } from "../setup/test-app";
import { makeUser } from "../factories";
import { ask, makeCategory, snapshot } from "../qa-helpers";

// Issue 11: these overflowed marked's stack (RangeError), a 500 wherever Markdown is rendered.
const DEEP = { quotes: ">".repeat(2000), ordered: "1. ".repeat(4000), quotedLists: "> - ".repeat(4000) };

describe("deeply nested Markdown over HTTP: a field error, never a 500", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    makeCategory(app.deps.db, { slug: "nesting" });
  });
  afterAll(() => app.close());

  it("the live preview refuses it, signed in or not", async () => {
    for (const body of Object.values(DEEP)) {
      const response = await new Browserish(app.url).post("/resources/markdown-preview", { body });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(TOO_DEEPLY_NESTED);
    }
    const ordinary = await new Browserish(app.url).post("/resources/markdown-preview", { body: "> - **fine**" });
    expect(ordinary.status).toBe(200);
    expect(await ordinary.text()).toContain("<strong>fine</strong>");
  });

  it("asking refuses it next to the body and keeps everything typed; the no-JS preview too", async () => {
    const { browser } = await signInAs(app);
    const before = snapshot(app.deps.db);
    for (const intent of ["post", "preview"]) {
      const response = await browser.post("/ask", { ...robotCheck(app, "ask"), intent, category: "nesting", kind: "question", title: "Deep quote", body: DEEP.ordered });
      expect(response.status, intent).toBe(400);
      const html = pageText(await response.text());
      expect(html).toContain(`id="field-body-error" role="alert">${TOO_DEEPLY_NESTED}`);
      expect(html).toContain('value="Deep quote"');
    }
    expect(snapshot(app.deps.db)).toEqual(before);
  });

  it("replying and its preview refuse it", async () => {
    const asker = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, { slug: "nesting" });
    const { browser } = await signInAs(app);
    const before = snapshot(app.deps.db);
    for (const intent of ["reply", "preview"]) {
      const response = await browser.post(`/t/${id}/${slug}`, { intent, body: DEEP.quotedLists });
      expect(response.status, intent).toBe(400);
      expect(pageText(await response.text())).toContain(TOO_DEEPLY_NESTED);
    }
    expect(snapshot(app.deps.db)).toEqual(before);
  });

  it("editing and its preview refuse it, leaving the post as it was", async () => {
    const { user, browser } = await signInAs(app);
    const { id } = ask(app.deps, user, { slug: "nesting" }, { body: "Before" });
    const question = app.deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    for (const intent of ["save", "preview"]) {
      const response = await browser.post(`/p/${question.id}/edit`, { intent, title: "How do I reset my router?", body: DEEP.quotes });
      expect(response.status, intent).toBe(400);
      expect(pageText(await response.text())).toContain(TOO_DEEPLY_NESTED);
    }
    expect(app.deps.db.select().from(posts).where(eq(posts.id, question.id)).get()!.bodyMd).toBe("Before");
  });
});
