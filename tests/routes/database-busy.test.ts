import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "@db/client.server";
import { posts } from "@db/schema";
import { BUSY_TIMEOUT_MS } from "@db/write-lock.server";
import { Browserish, pageText, startTestApp, type TestApp } from "../setup/test-app";
import { makeUser, TEST_PASSWORD } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

// Another process holding SQLite's write lock past busy_timeout is overload, not a bug: the form
// answers 503 with Retry-After, keeps what was typed and says to send it again; nothing is saved.
describe("a write the database is too busy to take", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    makeCategory(app.deps.db, { slug: "busy-checks" });
  });
  afterAll(() => app.close());

  it("answers 503 with Retry-After and the message under the answer box, keeps the draft, saves nothing, and logs SQLITE_BUSY", async () => {
    const asker = await makeUser(app.deps);
    const { id, slug } = ask(app.deps, asker, { slug: "busy-checks" });
    const helper = await makeUser(app.deps);
    const browser = new Browserish(app.url);
    expect((await browser.post("/auth/sign-in", { email: helper.email, password: TEST_PASSWORD })).status).toBe(302);

    const other = openDatabase(app.deps.file);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    app.deps.db.$client.pragma("busy_timeout = 25");
    other.$client.prepare("BEGIN IMMEDIATE").run();
    try {
      const refused = await browser.post(`/t/${id}/${slug}`, { intent: "reply", body: "Try another cable, then restart it." });
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      const html = pageText(await refused.text());
      expect(html).toContain('id="field-body-error" role="alert">Too many people are writing right now, and this was not saved. Please send it again in a few seconds.');
      expect(html).toContain("Try another cable, then restart it.</textarea>");
      expect(warn.mock.calls.flat().join(" ")).toMatch(/^SQLITE_BUSY: .*answered 503/);
    } finally {
      other.$client.prepare("ROLLBACK").run();
      other.$client.close();
      app.deps.db.$client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      warn.mockRestore();
    }
    expect(app.deps.db.select().from(posts).where(eq(posts.authorId, helper.id)).all()).toHaveLength(0);
    // Sent again once the lock is free, it is posted.
    expect((await browser.post(`/t/${id}/${slug}`, { intent: "reply", body: "Try another cable, then restart it." })).status).toBe(302);
    expect(app.deps.db.select().from(posts).where(eq(posts.authorId, helper.id)).all()).toHaveLength(1);
  });
});
