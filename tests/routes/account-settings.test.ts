import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categories, jobs, sessions, users } from "@db/schema";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import type { MailMessage } from "~/services/mail.server";
import { getSettings } from "~/services/settings.server";
import { createThread } from "~/services/threads.server";
import { createReply } from "~/services/posts.server";
import { AVATAR_MAX_BYTES } from "~/domain/avatars";
import { verifyPassword } from "~/utils/passwords.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import { photoWithMetadata, pngBomb } from "../fixtures/images";
import { Browserish, pageText, signInAs, startTestApp, type TestApp } from "../setup/test-app";

describe("account settings over HTTP, without JavaScript", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const row = (id: string) => app.deps.db.select().from(users).where(eq(users.id, id)).get()!;
  const html = async (response: Response) => pageText(await response.text());
  const upload = (browser: Browserish, bytes: Buffer, name = "me.jpg", type = "image/jpeg") => {
    const body = new FormData();
    body.set("intent", "avatar");
    body.set("avatar", new Blob([new Uint8Array(bytes)], { type }), name);
    return browser.request("/account/profile", { method: "POST", body });
  };
  function thread(authorId: string) {
    const slug = `cat-${Math.random().toString(36).slice(2, 8)}`;
    app.deps.db.insert(categories).values({ slug, name: "Help", createdAt: app.deps.clock.now() }).run();
    return createThread(app.deps, { id: authorId, role: "member" }, { category: slug, kind: "question", title: "Printer jams on page two", body: "Every time." });
  }

  it("every account page and form asks a guest to sign in, and changes nothing", async () => {
    const guest = new Browserish(app.url);
    for (const path of ["/account/profile", "/account/email", "/account/password", "/account/delete", "/account/export"]) {
      const page = await guest.request(path);
      expect(page.status, path).toBe(302);
      expect(page.headers.get("location"), path).toMatch(/^\/auth\/sign-in\?redirectTo=/);
    }
    for (const [path, fields] of [
      ["/account/profile", { intent: "displayName", displayName: "Hacker" }],
      ["/account/email", { email: "x@example.test", currentPassword: "x" }],
      ["/account/password", { currentPassword: "x", newPassword: "yyyyyyyyyyyy" }],
      ["/account/delete", { currentPassword: "x" }],
    ] as const) {
      expect((await guest.post(path, fields)).status, path).toBe(302);
    }
  });

  it("refuses a form posted from another site (CSRF), changing nothing", async () => {
    const { user, browser } = await signInAs(app);
    const forged = await browser.post("/account/profile", { intent: "displayName", displayName: "Forged" }, { origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    const forgedDelete = await browser.post("/account/delete", { currentPassword: TEST_PASSWORD }, { origin: "https://evil.example" });
    expect(forgedDelete.status).toBe(403);
    expect(row(user.id)).toMatchObject({ displayName: user.displayName, deletedAt: null });
  });

  it("changes the display name; a blank one is shown next to the field", async () => {
    const { user, browser } = await signInAs(app);
    const blank = await browser.post("/account/profile", { intent: "displayName", displayName: "  " });
    expect(blank.status).toBe(400);
    expect(await html(blank)).toMatch(/id="field-displayName-error" role="alert">Enter your name</);
    expect(row(user.id).displayName).toBe(user.displayName);
    const saved = await browser.post("/account/profile", { intent: "displayName", displayName: "Grace Hopper" });
    expect(saved.status).toBe(302);
    expect(await html(await browser.request(saved.headers.get("location")!))).toContain("Your name is changed.");
    expect(row(user.id).displayName).toBe("Grace Hopper");
  });

  it("changes the handle: taken and reserved ones are refused next to the field; the old profile address redirects 301", async () => {
    const other = await makeUser(app.deps, { handle: "already_here" });
    const { user, browser } = await signInAs(app);
    const taken = await browser.post("/account/profile", { intent: "handle", handle: other.handle });
    expect(taken.status).toBe(400);
    const takenHtml = await html(taken);
    expect(takenHtml).toMatch(/id="field-handle-error" role="alert">This handle is taken</);
    expect(takenHtml).toContain('value="already_here"');
    const reserved = await browser.post("/account/profile", { intent: "handle", handle: "admin" });
    expect(await html(reserved)).toContain("This handle is reserved");
    expect(row(user.id).handle).toBe(user.handle);

    expect((await browser.post("/account/profile", { intent: "handle", handle: "brand_new_me" })).status).toBe(302);
    const old = await new Browserish(app.url).request(`/u/${user.handle}`);
    expect(old.status).toBe(301);
    expect(old.headers.get("location")).toBe("/u/brand_new_me");
    expect((await new Browserish(app.url).request("/u/brand_new_me")).status).toBe(200);
    expect((await new Browserish(app.url).request("/u/nobody_at_all")).status).toBe(404);
  });

  it("uploads an avatar that shows beside the member's posts, served for good under its content address; removes it", async () => {
    const { user, browser } = await signInAs(app);
    const { id: threadId, slug } = thread(user.id);
    const before = await html(await new Browserish(app.url).request(`/t/${threadId}/${slug}`));
    expect(before).toMatch(/<span class="avatar avatar--sm avatar--initials" style="background-color:#[0-9a-f]{6}" aria-hidden="true">UU<\/span>/);

    const done = await upload(browser, await photoWithMetadata());
    expect(done.status).toBe(302);
    const src = `/avatars/${row(user.id).avatarMediaId}.webp`;
    const page = await html(await new Browserish(app.url).request(`/t/${threadId}/${slug}`));
    expect(page).toContain(`<img class="avatar avatar--sm" src="${src}" width="24" height="24" alt="" aria-hidden="true"/>`);
    const image = await new Browserish(app.url).request(src);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/webp");
    expect(image.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await image.arrayBuffer()).toString("latin1")).not.toContain("Secret Camera Owner");
    expect(await html(await new Browserish(app.url).request("/"))).toContain(`src="${src}"`);
    expect(await html(await new Browserish(app.url).request(`/u/${user.handle}`))).toContain(`class="avatar avatar--lg" src="${src}"`);

    expect((await browser.post("/account/profile", { intent: "removeAvatar" })).status).toBe(302);
    expect(row(user.id).avatarMediaId).toBeNull();
    expect((await new Browserish(app.url).request(src)).status).toBe(404);
  });

  it("refuses a file that is not an image, one too large, an image bomb and an empty choice next to the field; the picture stays", async () => {
    const { user, browser } = await signInAs(app);
    await upload(browser, await photoWithMetadata());
    const kept = row(user.id).avatarMediaId;
    const cases: Array<[Buffer, string, string]> = [
      [Buffer.from("%PDF-1.7 not a picture at all, whatever its name says"), "photo.png", "Choose a PNG, JPEG, GIF or WebP image"],
      [Buffer.concat([await photoWithMetadata(), Buffer.alloc(AVATAR_MAX_BYTES)]), "huge.jpg", "Choose an image under 768 KB"],
      [await pngBomb(20_000), "bomb.png", "This image is too large in pixels"],
      [Buffer.alloc(0), "", "Choose an image to upload"],
    ];
    for (const [bytes, name, message] of cases) {
      const response = await upload(browser, bytes, name, "image/png");
      expect(response.status, name).toBe(400);
      expect(await html(response), name).toMatch(new RegExp(`id="field-avatar-error" role="alert">${message}`));
      expect(row(user.id).avatarMediaId).toBe(kept);
    }
    // Past the upload body limit the server answers before reading it.
    const overLimit = await upload(browser, Buffer.alloc(1100 * 1024, 7), "big.png", "image/png");
    expect(overLimit.status).toBe(413);
    expect(row(user.id).avatarMediaId).toBe(kept);
  });

  it("changes the email through a link mailed to the new address; an address in use or a wrong password is refused", async () => {
    const other = await makeUser(app.deps);
    const { user, browser } = await signInAs(app);
    const inUse = await browser.post("/account/email", { email: other.email, currentPassword: TEST_PASSWORD });
    expect(inUse.status).toBe(400);
    expect(await html(inUse)).toMatch(/id="field-email-error" role="alert">Another account already uses this email address</);
    const wrong = await browser.post("/account/email", { email: "mine@example.test", currentPassword: "not it" });
    expect(await html(wrong)).toMatch(/id="field-currentPassword-error" role="alert">That is not your current password</);

    const sent = await browser.post("/account/email", { email: `new-${user.handle}@example.test`, currentPassword: TEST_PASSWORD });
    expect(sent.status).toBe(302);
    expect(await html(await browser.request(sent.headers.get("location")!))).toContain(`We have sent a link to new-${user.handle}@example.test`);
    expect(row(user.id).email).toBe(user.email);
    const mail = app.deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage).find((m) => m.to === `new-${user.handle}@example.test`)!;
    const link = new RegExp(`${app.url}(/account/email/confirm\\?token=[A-Za-z0-9_-]+)`).exec(mail.text)![1]!;
    const confirmed = await browser.request(link);
    expect(confirmed.status).toBe(302);
    expect(row(user.id).email).toBe(`new-${user.handle}@example.test`);
    const again = await new Browserish(app.url).request(link);
    expect(again.status).toBe(410);
    expect(await html(again)).toContain("has expired, was already used, or is not valid");
  });

  it("changes the password with the current one; other sessions are signed out, this one stays", async () => {
    const { user, browser } = await signInAs(app);
    const elsewhere = new Browserish(app.url);
    await elsewhere.post("/auth/sign-in", { email: user.email, password: TEST_PASSWORD });
    const wrong = await browser.post("/account/password", { currentPassword: "nope nope", newPassword: "a different password" });
    expect(wrong.status).toBe(400);
    expect(await html(wrong)).toMatch(/id="field-currentPassword-error" role="alert">That is not your current password</);
    expect(app.deps.db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(2);

    expect((await browser.post("/account/password", { currentPassword: TEST_PASSWORD, newPassword: "a different password" })).status).toBe(302);
    expect(await verifyPassword(row(user.id).passwordHash, "a different password")).toBe(true);
    expect((await browser.request("/account/password")).status).toBe(200);
    expect((await elsewhere.request("/account/password")).status).toBe(302);
  });

  it("deletes the account with the password: signed out, cannot sign in, the thread stays readable as by “deleted user”", async () => {
    const asker = await makeUser(app.deps);
    const { id: threadId, slug } = thread(asker.id);
    const { user, browser } = await signInAs(app);
    createReply(app.deps, user, threadId, { body: "Clean the **rollers**." });

    const wrong = await browser.post("/account/delete", { currentPassword: "not my password" });
    expect(wrong.status).toBe(400);
    expect(await html(wrong)).toMatch(/id="field-currentPassword-error" role="alert">That is not your current password</);
    const notAllowed = await browser.post("/account/delete", { currentPassword: TEST_PASSWORD, posts: "remove" });
    expect(await html(notAllowed)).toContain("This community keeps posts when an account is deleted");
    expect(row(user.id).deletedAt).toBeNull();

    const done = await browser.post("/account/delete", { currentPassword: TEST_PASSWORD });
    expect(done.status).toBe(302);
    expect(browser.cookies.size).toBe(0);
    expect(row(user.id).deletedAt).not.toBeNull();
    const page = await new Browserish(app.url).request(`/t/${threadId}/${slug}`);
    expect(page.status).toBe(200);
    const text = await html(page);
    expect(text).toContain("deleted user");
    expect(text).toContain("<strong>rollers</strong>");
    expect(text).not.toContain(user.displayName);
    expect(text).toContain('<span class="post__author-name">deleted user</span>');
    expect(text).not.toContain(`href="/u/deleted-${user.id}"`);
    expect((await new Browserish(app.url).post("/auth/sign-in", { email: user.email, password: TEST_PASSWORD })).status).toBe(400);
  });

  it("downloads the member's data as a JSON attachment", async () => {
    const { user, browser } = await signInAs(app);
    const response = await browser.request("/account/export");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="peerdesk-${user.handle}-\\d{4}-\\d{2}-\\d{2}\\.json"$`));
    const data = await response.json();
    expect(data.profile).toMatchObject({ id: user.id, email: user.email });
    expect(JSON.stringify(data)).not.toContain("argon2");
  });

  it("lets an admin choose the account-deletion policy; a bad value is refused", async () => {
    const { browser } = await signInAs(app, "admin");
    const bad = await browser.post("/admin/settings", { intent: "moderation", flagHideThreshold: "3", accountDeletionPosts: "everything" });
    expect(bad.status).toBe(400);
    expect(getSettings(app.deps).accountDeletionPosts).toBe("keep");
    expect((await browser.post("/admin/settings", { intent: "moderation", flagHideThreshold: "3", accountDeletionPosts: "member-choice" })).status).toBe(302);
    expect(getSettings(app.deps).accountDeletionPosts).toBe("member-choice");
    const { browser: member } = await signInAs(app);
    expect(await html(await member.request("/account/delete"))).toContain('name="posts" value="remove"');
  });
});
