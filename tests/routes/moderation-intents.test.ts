import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moderationLog, posts, threads, type User } from "@db/schema";
import { createReply } from "~/services/posts.server";
import { makeUser } from "../factories";
import { ask, makeCategory, snapshot } from "../qa-helpers";
import { pageText, signInAs, startTestApp, type Browserish, type TestApp } from "../setup/test-app";

describe("moderator intents on the thread page", () => {
  let app: TestApp;
  let category: { slug: string; id: number };
  let moderator: { user: User; browser: Browserish };
  let member: { user: User; browser: Browserish };
  beforeAll(async () => {
    app = await startTestApp();
    category = makeCategory(app.deps.db, { slug: "moderated" });
    moderator = await signInAs(app, "moderator");
    member = await signInAs(app, "member");
  });
  afterAll(() => app.close());

  const pathOf = (thread: { id: number; slug: string }) => `/t/${thread.id}/${thread.slug}`;
  const html = async (path: string, browser?: Browserish) => pageText(await (browser ? browser.request(path) : fetch(`${app.url}${path}`)).then((r) => r.text()));
  const readThread = (id: number) => app.deps.db.select().from(threads).where(eq(threads.id, id)).get()!;
  const auditCount = () => app.deps.db.select().from(moderationLog).all().length;

  async function threadWithAnswer(title: string) {
    const asker = await makeUser(app.deps);
    const thread = ask(app.deps, asker, category, { title });
    const answer = createReply(app.deps, await makeUser(app.deps), thread.id, { body: `An answer to ${title}` });
    return { ...thread, answer, path: pathOf(thread) };
  }

  it("a member calling delete (on another's post), restore, duplicate, reopen or merge gets 403 and nothing changes", async () => {
    const source = await threadWithAnswer("Member tries moderation");
    const target = await threadWithAnswer("Member target");
    const before = snapshot(app.deps.db);
    const audits = auditCount();
    const attempts: Record<string, string>[] = [
      { intent: "delete", postId: String(source.answer.id) },
      { intent: "restore", postId: String(source.answer.id) },
      { intent: "duplicate", targetThreadId: String(target.id) },
      { intent: "reopen" },
      { intent: "merge", targetThreadId: String(target.id) },
    ];
    for (const fields of attempts) {
      const response = await member.browser.post(source.path, fields);
      expect(response.status, fields.intent).toBe(403);
    }
    expect(snapshot(app.deps.db)).toEqual(before);
    expect(auditCount()).toBe(audits);
  });

  it("a moderator deletes a post: staff read it marked, guests see “This post was deleted.”; restoring brings it back", async () => {
    const thread = await threadWithAnswer("Delete and restore");
    const deleted = await moderator.browser.post(thread.path, { intent: "delete", postId: String(thread.answer.id) });
    expect(deleted.status).toBe(302);
    const guestView = await html(thread.path);
    expect(guestView).toContain("This post was deleted.");
    expect(guestView).not.toContain("An answer to Delete and restore");
    const staffView = await html(thread.path, moderator.browser);
    expect(staffView).toContain("An answer to Delete and restore");
    expect(staffView).toContain("<strong>Deleted</strong>");
    expect(staffView).toMatch(/name="intent" value="restore"/);

    expect((await moderator.browser.post(thread.path, { intent: "restore", postId: String(thread.answer.id) })).status).toBe(302);
    expect(await html(thread.path)).toContain("An answer to Delete and restore");
    expect(readThread(thread.id).replyCount).toBe(1);
    const again = await moderator.browser.post(thread.path, { intent: "restore", postId: String(thread.answer.id) });
    expect(again.status).toBe(409);
    expect(pageText(await again.text())).toContain("This post is not deleted.");
  });

  it("a moderator deletes a thread (its question) and restores it: gone for guests meanwhile, back after", async () => {
    const thread = await threadWithAnswer("Thread deleted and restored");
    const question = app.deps.db.select().from(posts).where(eq(posts.threadId, thread.id)).get()!;
    const deleted = await moderator.browser.post(thread.path, { intent: "delete", postId: String(question.id) });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("location")).toBe("/c/moderated?deleted=thread");
    expect((await fetch(`${app.url}${thread.path}`)).status).toBe(404);
    expect(await html(thread.path, moderator.browser)).toContain("<strong>Deleted</strong>");
    expect((await moderator.browser.post(thread.path, { intent: "restore", postId: String(question.id) })).status).toBe(302);
    expect((await fetch(`${app.url}${thread.path}`)).status).toBe(200);
  });

  it("closing as a duplicate shows a link to the canonical thread; reopening removes it", async () => {
    const canonical = await threadWithAnswer("The canonical thread");
    const duplicate = await threadWithAnswer("A duplicate thread");
    const closed = await moderator.browser.post(duplicate.path, { intent: "duplicate", targetThreadId: `${app.url}${canonical.path}` });
    expect(closed.status).toBe(302);
    const page = await html(duplicate.path);
    expect(page).toMatch(new RegExp(`Closed as a duplicate of <a [^>]*href="${canonical.path}"[^>]*>The canonical thread</a>`));
    // Search engines are pointed at the canonical thread, and the sitemap leaves the duplicate out.
    expect(page).toContain(`<link rel="canonical" href="${app.url}${canonical.path}"/>`);
    expect(await html("/sitemaps/threads-1.xml")).not.toContain(duplicate.path);
    expect((await moderator.browser.post(duplicate.path, { intent: "reopen" })).status).toBe(302);
    const reopened = await html(duplicate.path);
    expect(reopened).not.toContain("Closed as a duplicate");
    expect(reopened).toContain(`<link rel="canonical" href="${app.url}${duplicate.path}"/>`);
    expect(await html("/sitemaps/threads-1.xml")).toContain(duplicate.path);
  });

  it("merging lands on the target, and the old addresses redirect there with 301", async () => {
    const target = await threadWithAnswer("Merge target");
    const source = await threadWithAnswer("Merge source");
    const merged = await moderator.browser.post(source.path, { intent: "merge", targetThreadId: String(target.id) });
    expect(merged.status).toBe(302);
    expect(merged.headers.get("location")).toBe(target.path);
    for (const old of [source.path, `/t/${source.id}`, `/t/${source.id}/any-slug`]) {
      const response = await fetch(`${app.url}${old}`, { redirect: "manual" });
      expect(response.status, old).toBe(301);
      expect(response.headers.get("location"), old).toBe(target.path);
    }
    const widget = await fetch(`${app.url}/embed/t/${source.id}?q=merge`, { redirect: "manual" });
    expect(widget.status).toBe(301);
    expect(widget.headers.get("location")).toBe(`/embed/t/${target.id}?q=merge`);
    const page = await html(target.path);
    expect(page).toContain("An answer to Merge source");
    expect(readThread(target.id).replyCount).toBe(3);
  });

  it("a bad merge answers 409 or 404 with the reason beside the field, and changes nothing", async () => {
    const target = await threadWithAnswer("Bad merge target");
    const source = await threadWithAnswer("Bad merge source");
    const gone = await threadWithAnswer("Already merged away");
    await moderator.browser.post(gone.path, { intent: "merge", targetThreadId: String(target.id) });
    const before = snapshot(app.deps.db);
    const cases: [Record<string, string>, number, string][] = [
      [{ intent: "merge", targetThreadId: String(source.id) }, 409, "A thread cannot merge into itself."],
      [{ intent: "merge", targetThreadId: String(gone.id) }, 409, `Thread #${gone.id} was itself merged into #${target.id}`],
      [{ intent: "merge", targetThreadId: "987654" }, 404, "There is no thread #987654."],
      [{ intent: "merge", targetThreadId: "next week" }, 400, "Give the thread's number or address"],
    ];
    for (const [fields, status, message] of cases) {
      const response = await moderator.browser.post(source.path, fields);
      expect(response.status, fields.targetThreadId).toBe(status);
      const body = pageText(await response.text());
      expect(body).toContain(message);
      expect(body).toContain('id="target-thread-error"');
    }
    expect(snapshot(app.deps.db)).toEqual(before);
  });

  it("a moderator's edit of another's post asks for a reason, which the revisions page shows", async () => {
    const thread = await threadWithAnswer("Edited by a moderator");
    const editPath = `/p/${thread.answer.id}/edit`;
    expect(await html(editPath, moderator.browser)).toContain('name="reason"');
    const refused = await moderator.browser.post(editPath, { intent: "save", body: "Cleaned up" });
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("Give a reason");
    expect(app.deps.db.select().from(posts).where(eq(posts.id, thread.answer.id)).get()!.bodyMd).toBe("An answer to Edited by a moderator");
    const saved = await moderator.browser.post(editPath, { intent: "save", body: "Cleaned up", reason: "Removed an email address" });
    expect(saved.status).toBe(302);
    expect(await html(`/p/${thread.answer.id}/revisions`)).toContain("Reason: Removed an email address");
  });
});
