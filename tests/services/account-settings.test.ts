import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { categories, follows, handleHistory, jobs, media, sessions, userTokens, users } from "@db/schema";
import { HANDLE_RESERVED, HANDLE_TAKEN } from "~/domain/handles";
import { deleteAccount, DELETED_USER_NAME } from "~/services/account-deletion.server";
import { exportAccountData } from "~/services/account-export.server";
import { changeDisplayName, changeHandle } from "~/services/account-profile.server";
import { changePassword, WRONG_CURRENT_PASSWORD } from "~/services/account-security.server";
import { AVATAR_NOT_AN_IMAGE, AVATAR_TOO_LARGE, AVATAR_TOO_MANY_PIXELS, getAvatar, processAvatarImage, removeAvatar, setAvatar } from "~/services/avatars.server";
import { confirmEmailChange, EMAIL_CHANGE_LINK_PROBLEM, EMAIL_IN_USE, requestEmailChange } from "~/services/email-change.server";
import { Forbidden, Invalid } from "~/services/errors";
import { followThread } from "~/services/follows.server";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import type { MailMessage } from "~/services/mail.server";
import { createReply } from "~/services/posts.server";
import { findRenamedHandle, getProfile } from "~/services/profiles.server";
import { updateSettings } from "~/services/settings.server";
import { getThreadPage } from "~/services/thread-page.server";
import { createThread } from "~/services/threads.server";
import { authenticate, signUp } from "~/services/users.server";
import { voteHelpful } from "~/services/votes.server";
import { AVATAR_MAX_BYTES } from "~/domain/avatars";
import { verifyPassword } from "~/utils/passwords.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import { photoWithMetadata, pngBomb } from "../fixtures/images";
import { createTestDeps, type TestDeps } from "../setup/deps";

const PUBLIC_URL = "https://community.example.test";

describe("account self-service", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps({}, { PUBLIC_URL });
  });
  afterEach(() => deps.db.$client.close());

  const row = (id: string) => deps.db.select().from(users).where(eq(users.id, id)).get()!;
  const mails = () => deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage);
  const expectInvalid = async (work: () => unknown, fields: Record<string, string>) => {
    const error = await Promise.resolve().then(work).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).fields).toEqual(fields);
  };
  function category() {
    return deps.db.insert(categories).values({ slug: "help", name: "Help", createdAt: deps.clock.now() }).returning().get();
  }

  describe("display name and handle", () => {
    it("changes the display name; a blank one is refused next to the field", async () => {
      const user = await makeUser(deps);
      expect(changeDisplayName(deps, user, { displayName: "  Ada Lovelace " })).toEqual({ displayName: "Ada Lovelace" });
      expect(row(user.id).displayName).toBe("Ada Lovelace");
      await expectInvalid(() => changeDisplayName(deps, user, { displayName: "   " }), { displayName: "Enter your name" });
      expect(row(user.id).displayName).toBe("Ada Lovelace");
      expect(() => changeDisplayName(deps, null, { displayName: "Guest" })).toThrow(Forbidden);
    });

    it("changes the handle; the old one leads to the new profile and nobody else may take it", async () => {
      const user = await makeUser(deps, { handle: "old_name" });
      expect(changeHandle(deps, user, { handle: "New_Name" })).toEqual({ handle: "new_name", previous: "old_name" });
      expect(row(user.id).handle).toBe("new_name");
      expect(findRenamedHandle(deps, "old_name")).toBe("new_name");
      expect(findRenamedHandle(deps, "OLD_NAME")).toBe("new_name");
      expect(findRenamedHandle(deps, "never_was")).toBeNull();
      // Renamed again: the first handle now leads to the latest.
      changeHandle(deps, user, { handle: "third_name" });
      expect(findRenamedHandle(deps, "old_name")).toBe("third_name");

      const other = await makeUser(deps);
      await expectInvalid(() => changeHandle(deps, other, { handle: "old_name" }), { handle: HANDLE_TAKEN });
      await expect(signUp(deps, { email: "x@example.test", displayName: "X", handle: "old_name", password: "long enough pass", ip: "10.1.1.1" })).rejects.toMatchObject({ fields: { handle: HANDLE_TAKEN } });
      // Its owner may take it back.
      changeHandle(deps, user, { handle: "old_name" });
      expect(row(user.id).handle).toBe("old_name");
      expect(findRenamedHandle(deps, "third_name")).toBe("old_name");
    });

    it("refuses a taken, reserved or malformed handle, changing nothing", async () => {
      const user = await makeUser(deps, { handle: "keeps_hers" });
      const other = await makeUser(deps, { handle: "taken_one" });
      await expectInvalid(() => changeHandle(deps, user, { handle: "taken_one" }), { handle: HANDLE_TAKEN });
      await expectInvalid(() => changeHandle(deps, user, { handle: "Support" }), { handle: HANDLE_RESERVED });
      await expectInvalid(() => changeHandle(deps, user, { handle: "no spaces" }), { handle: "3–24 characters: lowercase letters, digits and _" });
      expect(row(user.id).handle).toBe("keeps_hers");
      expect(row(other.id).handle).toBe("taken_one");
      expect(deps.db.select().from(handleHistory).all()).toEqual([]);
    });

    it("a suspended member cannot change name or handle", async () => {
      const user = await makeUser(deps);
      const suspended = { ...user, suspendedUntil: new Date(deps.clock.now().getTime() + 86_400_000) };
      deps.db.update(users).set({ suspendedUntil: suspended.suspendedUntil }).where(eq(users.id, user.id)).run();
      expect(() => changeDisplayName(deps, suspended, { displayName: "Spam Spam" })).toThrow(Forbidden);
      expect(() => changeHandle(deps, suspended, { handle: "spam_spam" })).toThrow(Forbidden);
    });
  });

  describe("email change", () => {
    const linkIn = (mail: MailMessage) => {
      const match = new RegExp(`${PUBLIC_URL}/account/email/confirm\\?token=([A-Za-z0-9_-]{43})`).exec(mail.text);
      if (!match) throw new Error(`no confirmation link in: ${mail.text}`);
      return match[1]!;
    };

    it("mails a link to the new address and a notice to the old; the old address works until the link is followed, once", async () => {
      const user = await makeUser(deps);
      await requestEmailChange(deps, user, { email: "New@Example.test", currentPassword: TEST_PASSWORD });
      const [toNew, toOld] = mails();
      expect(toNew!.to).toBe("new@example.test");
      expect(toOld!.to).toBe(user.email);
      expect(toOld!.text).toContain("new@example.test");
      expect(toOld!.text).not.toMatch(/token=/);
      expect(row(user.id).email).toBe(user.email);
      await expect(authenticate(deps, { email: user.email, password: TEST_PASSWORD, ip: "10.0.0.1" })).resolves.toMatchObject({ id: user.id });

      const token = linkIn(toNew!);
      deps.clock.advanceMinutes(59);
      expect(confirmEmailChange(deps, token)).toEqual({ userId: user.id, email: "new@example.test" });
      expect(row(user.id)).toMatchObject({ email: "new@example.test", emailVerifiedAt: deps.clock.now() });
      await expectInvalid(() => confirmEmailChange(deps, token), { form: EMAIL_CHANGE_LINK_PROBLEM });
      await expect(authenticate(deps, { email: "new@example.test", password: TEST_PASSWORD, ip: "10.0.0.1" })).resolves.toMatchObject({ id: user.id });
    });

    it("an expired link changes nothing", async () => {
      const user = await makeUser(deps);
      await requestEmailChange(deps, user, { email: "later@example.test", currentPassword: TEST_PASSWORD });
      const token = linkIn(mails()[0]!);
      deps.clock.advanceMinutes(61);
      await expectInvalid(() => confirmEmailChange(deps, token), { form: EMAIL_CHANGE_LINK_PROBLEM });
      expect(row(user.id).email).toBe(user.email);
      await expectInvalid(() => confirmEmailChange(deps, "not a token"), { form: EMAIL_CHANGE_LINK_PROBLEM });
    });

    it("refuses an address in use (also when taken between request and confirmation) and a wrong password, changing nothing", async () => {
      const user = await makeUser(deps);
      const other = await makeUser(deps);
      await expectInvalid(() => requestEmailChange(deps, user, { email: other.email, currentPassword: TEST_PASSWORD }), { email: EMAIL_IN_USE });
      await expectInvalid(() => requestEmailChange(deps, user, { email: "fresh@example.test", currentPassword: "wrong password" }), { currentPassword: WRONG_CURRENT_PASSWORD });
      expect(mails()).toEqual([]);
      expect(deps.db.select().from(userTokens).all()).toEqual([]);

      await requestEmailChange(deps, user, { email: "contested@example.test", currentPassword: TEST_PASSWORD });
      const token = linkIn(mails()[0]!);
      deps.db.update(users).set({ email: "contested@example.test" }).where(eq(users.id, other.id)).run();
      await expectInvalid(() => confirmEmailChange(deps, token), { form: EMAIL_IN_USE });
      expect(row(user.id).email).toBe(user.email);
    });
  });

  describe("password change", () => {
    it("needs the current password; signs out every other session and keeps this one", async () => {
      const user = await makeUser(deps);
      const here = await deps.lucia.createSession(user.id, {});
      const phone = await deps.lucia.createSession(user.id, {});
      const laptop = await deps.lucia.createSession(user.id, {});
      const stranger = await makeUser(deps);
      const theirs = await deps.lucia.createSession(stranger.id, {});

      await expectInvalid(() => changePassword(deps, user, { currentPassword: "not my password", newPassword: "another long password" }, here.id), { currentPassword: WRONG_CURRENT_PASSWORD });
      await expectInvalid(() => changePassword(deps, user, { currentPassword: TEST_PASSWORD, newPassword: "short" }, here.id), { newPassword: "Use at least 10 characters" });
      expect(deps.db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(3);

      await changePassword(deps, user, { currentPassword: TEST_PASSWORD, newPassword: "another long password" }, here.id);
      expect(await verifyPassword(row(user.id).passwordHash, "another long password")).toBe(true);
      expect(row(user.id).passwordHash).toMatch(/^\$argon2id\$/);
      const left = deps.db.select({ id: sessions.id }).from(sessions).all().map((s) => s.id);
      expect(left.sort()).toEqual([here.id, theirs.id].sort());
      expect(left).not.toContain(phone.id);
      expect(left).not.toContain(laptop.id);
    });
  });

  describe("avatar", () => {
    it("crops to a 256 px square WebP, turned upright, with every piece of metadata removed", async () => {
      const photo = await photoWithMetadata(400, 300);
      expect((await sharp(photo).metadata()).exif).toBeDefined();
      const out = await processAvatarImage(photo);
      const meta = await sharp(out).metadata();
      expect(meta).toMatchObject({ format: "webp", width: 256, height: 256 });
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(out.toString("latin1")).not.toContain("Secret Camera Owner");
    });

    it("refuses what is not an image, too large a file, and an image bomb", async () => {
      await expectInvalid(() => processAvatarImage(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")), { avatar: AVATAR_NOT_AN_IMAGE });
      await expectInvalid(() => processAvatarImage(Buffer.alloc(AVATAR_MAX_BYTES + 1, 1)), { avatar: AVATAR_TOO_LARGE });
      const bomb = await pngBomb(20_000);
      expect(bomb.length).toBeLessThan(200);
      await expectInvalid(() => processAvatarImage(bomb), { avatar: AVATAR_TOO_MANY_PIXELS });
    });

    it("stores it under a content address, replaces the old one, and removes it", async () => {
      const user = await makeUser(deps);
      const url = await setAvatar(deps, user, await photoWithMetadata());
      expect(url).toMatch(/^\/avatars\/[0-9a-f]{40}\.webp$/);
      const id = row(user.id).avatarMediaId!;
      expect(getAvatar(deps, id).contentType).toBe("image/webp");
      const second = await setAvatar(deps, { ...user }, await photoWithMetadata(300, 500, "#2050a0"));
      expect(second).not.toBe(url);
      expect(deps.db.select({ id: media.id }).from(media).all()).toEqual([{ id: row(user.id).avatarMediaId }]);
      removeAvatar(deps, user);
      expect(row(user.id).avatarMediaId).toBeNull();
      expect(deps.db.select().from(media).all()).toEqual([]);
    });
  });

  describe("account deletion", () => {
    async function threadWithAnswer() {
      const asker = await makeUser(deps);
      const helper = await makeUser(deps);
      const cat = category();
      const thread = createThread(deps, asker, { category: cat.slug, kind: "question", title: "Printer will not print", body: "It blinks orange." });
      const answer = createReply(deps, helper, thread.id, { body: "Replace the **toner**." });
      const lonely = createThread(deps, helper, { category: cat.slug, kind: "question", title: "Nobody answered me", body: "Hello?" });
      return { asker, helper, thread, answer, lonely };
    }

    it("keeps the threads readable, attributed to “deleted user”, and wipes everything personal", async () => {
      const { asker, helper, thread, answer } = await threadWithAnswer();
      await setAvatar(deps, helper, await photoWithMetadata());
      followThread(deps, helper, thread.id);
      changeHandle(deps, helper, { handle: "helper_renamed" });
      await deps.lucia.createSession(helper.id, {});
      await requestEmailChange(deps, helper, { email: "elsewhere@example.test", currentPassword: TEST_PASSWORD });

      await expectInvalid(() => deleteAccount(deps, helper, { currentPassword: "wrong one" }), { currentPassword: WRONG_CURRENT_PASSWORD });
      expect(row(helper.id).deletedAt).toBeNull();

      expect(await deleteAccount(deps, helper, { currentPassword: TEST_PASSWORD })).toEqual({ postsRemoved: 0, postsKept: 2 });
      const gone = row(helper.id);
      expect(gone).toMatchObject({ displayName: DELETED_USER_NAME, handle: `deleted-${helper.id}`, email: `deleted-${helper.id}@invalid`, avatarMediaId: null, deletedAt: deps.clock.now() });
      expect(JSON.stringify(gone)).not.toContain(helper.email);
      expect(deps.db.select().from(sessions).where(eq(sessions.userId, helper.id)).all()).toEqual([]);
      expect(deps.db.select().from(userTokens).where(eq(userTokens.userId, helper.id)).all()).toEqual([]);
      expect(deps.db.select().from(follows).where(eq(follows.userId, helper.id)).all()).toEqual([]);
      expect(deps.db.select().from(handleHistory).all()).toEqual([]);
      expect(deps.db.select().from(media).all()).toEqual([]);

      const page = getThreadPage(deps, thread.id, null);
      expect(page.question!.author.displayName).not.toBe(DELETED_USER_NAME);
      const reply = page.replies.find((post) => post.id === answer.id)!;
      expect(reply).toMatchObject({ deleted: false, author: { displayName: DELETED_USER_NAME, avatarMediaId: null } });
      expect(reply.bodyHtml).toContain("<strong>toner</strong>");
      expect(() => getProfile(deps, `deleted-${helper.id}`)).toThrow("No such member");
      expect(findRenamedHandle(deps, helper.handle)).toBeNull();
      await expect(authenticate(deps, { email: helper.email, password: TEST_PASSWORD, ip: "10.0.0.9" })).rejects.toBeInstanceOf(Invalid);
      expect(() => changeDisplayName(deps, helper, { displayName: "Back again" })).toThrow(Forbidden);
      // The asker is untouched.
      expect(row(asker.id).deletedAt).toBeNull();
    });

    it("removes the posts on request only where the admin's policy allows; a question others answered stays", async () => {
      const { asker, helper, thread, answer, lonely } = await threadWithAnswer();
      await expectInvalid(() => deleteAccount(deps, asker, { currentPassword: TEST_PASSWORD, posts: "remove" }), { posts: "This community keeps posts when an account is deleted" });
      expect(row(asker.id).deletedAt).toBeNull();

      updateSettings(deps, { accountDeletionPosts: "member-choice" });
      expect(await deleteAccount(deps, helper, { currentPassword: TEST_PASSWORD, posts: "remove" })).toEqual({ postsRemoved: 2, postsKept: 0 });
      expect(() => getThreadPage(deps, lonely.id, null)).toThrow();
      const page = getThreadPage(deps, thread.id, null);
      expect(page.replies.find((post) => post.id === answer.id)).toMatchObject({ deleted: true, bodyHtml: "" });

      // The asker's question has an answer (now deleted, so none live): it goes; had it a live answer by another, it would stay.
      const other = await makeUser(deps);
      const kept = createThread(deps, asker, { category: "help", kind: "question", title: "Scanner jams", body: "Every page." });
      createReply(deps, other, kept.id, { body: "Clean the rollers." });
      expect(await deleteAccount(deps, asker, { currentPassword: TEST_PASSWORD, posts: "remove" })).toEqual({ postsRemoved: 1, postsKept: 1 });
      expect(getThreadPage(deps, kept.id, null).question!.author.displayName).toBe(DELETED_USER_NAME);
    });

    it("the only admin cannot delete their account", async () => {
      const admin = await makeUser(deps, { role: "admin" });
      await expectInvalid(() => deleteAccount(deps, admin, { currentPassword: TEST_PASSWORD }), { form: "You are the only admin: make another member an admin before deleting your account." });
      expect(row(admin.id).deletedAt).toBeNull();
    });
  });

  describe("data export", () => {
    it("holds the member's profile, threads, posts in Markdown, votes, follows and preferences, and nobody else's", async () => {
      const user = await makeUser(deps);
      const other = await makeUser(deps);
      const cat = category();
      const mine = createThread(deps, user, { category: cat.slug, kind: "question", title: "My modem", body: "Lights are *red*." });
      const theirs = createThread(deps, other, { category: cat.slug, kind: "question", title: "Their router", body: "Secretly slow." });
      const myReply = createReply(deps, user, theirs.id, { body: "Try `reboot`." });
      const theirReply = createReply(deps, other, mine.id, { body: "Their private-ish words" });
      voteHelpful(deps, user, theirReply.id);
      followThread(deps, user, theirs.id);
      changeHandle(deps, user, { handle: "exported_me" });

      const data = exportAccountData(deps, user);
      expect(data.profile).toMatchObject({ id: user.id, handle: "exported_me", email: user.email, displayName: user.displayName });
      expect(data.profile.previousHandles.map((h) => h.handle)).toEqual([user.handle]);
      expect(data.notificationPreferences).toEqual({ acceptReminders: true, emailOnAnswer: true, emailOnAccepted: true, emailOnStaffAnswer: true, emailDelivery: "instant" });
      expect(data.threads.map((t) => t.title)).toEqual(["My modem"]);
      expect(data.posts.map((p) => p.bodyMarkdown)).toEqual(["Lights are *red*.", "Try `reboot`."]);
      expect(data.posts[1]).toMatchObject({ id: myReply.id, threadId: theirs.id });
      expect(data.helpfulVotes.map((v) => v.postId)).toEqual([theirReply.id]);
      expect(data.follows.map((f) => f.threadId)).toContain(theirs.id);
      const text = JSON.stringify(data);
      expect(text).not.toContain("passwordHash");
      expect(text).not.toContain(row(user.id).passwordHash);
      expect(text).not.toContain(other.email);
      expect(text).not.toContain("Their private-ish words");
      expect(text).not.toContain("Secretly slow");
      expect(() => exportAccountData(deps, null)).toThrow(Forbidden);
    });
  });
});
