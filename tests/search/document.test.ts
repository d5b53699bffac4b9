import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { posts } from "@db/schema";
import { buildSearchDocuments, htmlToText, MAX_ANSWERS_CHARS } from "@search/document";
import { acceptAnswer } from "~/services/accept.server";
import { createReply, deletePost } from "~/services/posts.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps } from "../setup/deps";

describe("search documents", () => {
  it("holds title, question, accepted answer, other answers and the thread's facts", async () => {
    const deps = createTestDeps();
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const category = makeCategory(deps.db);
    const thread = ask(deps, asker, category, { title: "APN settings for tethering", body: "Which **APN** works?" });
    const wrong = createReply(deps, helper, thread.id, { body: "Try turning it off and on." });
    const right = createReply(deps, staff, thread.id, { body: "Use `internet.example` & save." });
    acceptAnswer(deps, asker, right.id);

    const { documents, removed } = buildSearchDocuments(deps.db, [thread.id, thread.id]);
    expect(removed).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      id: thread.id,
      title: "APN settings for tethering",
      question: "Which APN works?",
      accepted: "Use internet.example & save.",
      answers: "Try turning it off and on.",
      category: category.slug,
      kind: "question",
      status: "solved",
      solved: true,
      hasStaffAnswer: true,
    });
    expect(wrong.id).toBeGreaterThan(0);
  });

  it("drops deleted answers and removes threads whose question is deleted", async () => {
    const deps = createTestDeps();
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const category = makeCategory(deps.db);
    const kept = ask(deps, asker, category);
    const reply = createReply(deps, helper, kept.id, { body: "secret-word in a deleted answer" });
    deletePost(deps, helper, reply.id);
    const gone = ask(deps, asker, category);
    const question = deps.db.select().from(posts).where(eq(posts.threadId, gone.id)).get()!;
    deps.db.update(posts).set({ deletedAt: deps.clock.now() }).where(eq(posts.id, question.id)).run();

    const { documents, removed } = buildSearchDocuments(deps.db, [kept.id, gone.id, 424242]);
    expect(documents.map((doc) => doc.id)).toEqual([kept.id]);
    expect(documents[0]!.answers).not.toContain("secret-word");
    expect(removed.sort()).toEqual([gone.id, 424242].sort());
  });

  it("bounds the other answers' length", async () => {
    const deps = createTestDeps();
    const asker = await makeUser(deps, { role: "staff" });
    const helper = await makeUser(deps, { role: "staff" });
    const thread = ask(deps, asker, makeCategory(deps.db));
    for (let i = 0; i < 5; i++) createReply(deps, helper, thread.id, { body: `answer ${i} ${"word ".repeat(600)}` });
    const [doc] = buildSearchDocuments(deps.db, [thread.id]).documents;
    expect(doc!.answers.length).toBeLessThanOrEqual(MAX_ANSWERS_CHARS);
  });

  it("builds any number of documents with the same few queries", async () => {
    const deps = createTestDeps();
    const asker = await makeUser(deps, { role: "staff" });
    const category = makeCategory(deps.db);
    const ids = Array.from({ length: 30 }, (_, i) => ask(deps, asker, category, { title: `Thread ${i}` }).id);
    const prepare = vi.spyOn(deps.db.$client, "prepare");
    buildSearchDocuments(deps.db, ids.slice(0, 1));
    const forOne = prepare.mock.calls.length;
    prepare.mockClear();
    buildSearchDocuments(deps.db, ids);
    expect(prepare.mock.calls.length).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(2);
  });

  it("turns sanitized HTML into the text a reader sees, without our highlight markers", () => {
    expect(htmlToText("<p>a &lt;b&gt; &amp; &#x1F600; &#39;c&#39;\uE000</p><pre><code>x</code></pre>")).toBe("a <b> & 😀 'c' x");
  });
});
