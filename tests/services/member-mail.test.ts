import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimJobs } from "@db/job-queue.server";
import { jobs, users, type User } from "@db/schema";
import { acceptAnswer } from "~/services/accept.server";
import { saveEmailPreferences } from "~/services/email-preferences.server";
import type { MailMessage } from "~/services/mail.server";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import { sendDailyDigests } from "~/services/member-digest.server";
import { composeMemberMails, MEMBER_MAIL_JOB } from "~/services/member-mail.server";
import { setPostHidden } from "~/services/moderation.server";
import { createReply } from "~/services/posts.server";
import { followThread, unfollowThread } from "~/services/follows.server";
import { readUnsubscribeToken, unsubscribe, unsubscribeToken } from "~/services/unsubscribe.server";
import { Invalid } from "~/services/errors";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";

// The outbox once the answers' and acceptances' mails are composed, as the job scheduler does first.
const queued = (deps: TestDeps) => {
  composeMemberMails(deps, claimJobs(deps, MEMBER_MAIL_JOB, 1000));
  return deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage);
};
const clearOutbox = (deps: TestDeps) => {
  queued(deps);
  deps.db.delete(jobs).where(eq(jobs.kind, MAIL_JOB)).run();
};
const recipients = (deps: TestDeps) => queued(deps).map((mail) => mail.to);

describe("member email: who is mailed about what", () => {
  let deps: TestDeps;
  let asker: User;
  let peer: User;
  let staff: User;
  let follower: User;
  let threadId: number;
  beforeEach(async () => {
    deps = createTestDeps({}, { PUBLIC_URL: "https://help.example.test" });
    [asker, peer, follower] = [await makeUser(deps), await makeUser(deps), await makeUser(deps)];
    staff = await makeUser(deps, { role: "staff" });
    threadId = ask(deps, asker, makeCategory(deps.db), { title: "Router keeps rebooting" }).id;
    followThread(deps, follower, threadId);
  });
  afterEach(() => deps.db.$client.close());

  it("mails the asker when someone else answers, with the answer's link, and nobody about a member's answer in a thread they only follow", () => {
    const answer = createReply(deps, peer, threadId, { body: "Update the **firmware** first." });
    expect(recipients(deps)).toEqual([asker.email]);
    const [mail] = queued(deps);
    expect(mail!.subject).toBe("New answer: Router keeps rebooting");
    expect(mail!.text).toContain(`https://help.example.test/t/${threadId}/router-keeps-rebooting#post-${answer.id}`);
    expect(mail!.text).toContain("> Update the firmware first.");
  });

  it("never mails the actor: an asker replying in their own thread gets nothing", () => {
    createReply(deps, asker, threadId, { body: "More details: it is the blue model." });
    expect(recipients(deps)).toEqual([]);
  });

  it("mails followers when staff answer, and the asker once (as an answer)", () => {
    createReply(deps, staff, threadId, { body: "We are looking into it." });
    expect(recipients(deps).sort()).toEqual([asker.email, follower.email].sort());
    const toFollower = queued(deps).find((mail) => mail.to === follower.email)!;
    expect(toFollower.subject).toBe("Staff answer: Router keeps rebooting");
    expect(toFollower.headers?.["List-Unsubscribe"]).toMatch(/^<https:\/\/help\.example\.test\/email\/unsubscribe\?token=[^>]+>$/);
  });

  it("mails the author of an accepted answer, but not when the asker accepts their own", () => {
    const answer = createReply(deps, peer, threadId, { body: "Update the firmware." });
    const own = createReply(deps, asker, threadId, { body: "Fixed it myself: a new cable." });
    clearOutbox(deps);
    acceptAnswer(deps, asker, own.id);
    expect(recipients(deps)).toEqual([]);
    acceptAnswer(deps, asker, answer.id);
    expect(recipients(deps)).toEqual([peer.email]);
    expect(queued(deps)[0]!.subject).toBe("Your answer was accepted: Router keeps rebooting");
  });

  // Composing the mails inside the answer's write held the write lock, which every process waits
  // for, for as long as its followers' mails took (issue 14): the write queues one event instead.
  it("queues one event in the answer's write and composes its mails afterwards, from what is true then", async () => {
    const rows = (kind: string) => deps.db.select().from(jobs).where(eq(jobs.kind, kind)).all();
    const answer = createReply(deps, peer, threadId, { body: "Update the firmware." });
    expect(rows(MAIL_JOB)).toEqual([]);
    expect(rows(MEMBER_MAIL_JOB).map((job) => job.payload)).toEqual([
      { notification: "answer", postId: answer.id, actorId: peer.id, recipientIds: expect.arrayContaining([asker.id, follower.id]) },
    ]);
    // Hidden before the job ran: nobody is mailed the words a moderator took down.
    setPostHidden(deps, await makeUser(deps, { role: "admin" }), answer.id, true);
    expect(recipients(deps)).toEqual([]);
    expect(rows(MEMBER_MAIL_JOB).map((job) => job.doneAt)).toEqual([expect.any(Date)]);
    // An answer nobody else follows queues nothing at all.
    const lonely = ask(deps, peer, makeCategory(deps.db), { title: "Nobody else here" });
    createReply(deps, peer, lonely.id, { body: "Answering myself." });
    expect(rows(MEMBER_MAIL_JOB)).toHaveLength(1);
  });

  it("sends nothing to a suspended, deleted or unconfirmed account, nor to an asker who unfollowed", async () => {
    const day = 86_400_000;
    deps.db.update(users).set({ suspendedUntil: new Date(deps.clock.now().getTime() + day) }).where(eq(users.id, asker.id)).run();
    createReply(deps, staff, threadId, { body: "Suspended askers hear nothing." });
    expect(recipients(deps)).toEqual([follower.email]);
    clearOutbox(deps);

    deps.db.update(users).set({ suspendedUntil: null, emailVerifiedAt: null }).where(eq(users.id, asker.id)).run();
    deps.db.update(users).set({ deletedAt: deps.clock.now() }).where(eq(users.id, follower.id)).run();
    createReply(deps, staff, threadId, { body: "Nor do unconfirmed or deleted ones." });
    expect(recipients(deps)).toEqual([]);

    deps.db.update(users).set({ emailVerifiedAt: deps.clock.now() }).where(eq(users.id, asker.id)).run();
    unfollowThread(deps, asker, threadId);
    createReply(deps, peer, threadId, { body: "An asker who unfollowed asked for quiet." });
    expect(recipients(deps)).toEqual([]);
  });

  it("honours each kind's switch, and mails nothing one by one to a member on the daily digest", () => {
    saveEmailPreferences(deps, asker, { accepted: "on", staff_answer: "on", delivery: "instant" });
    createReply(deps, peer, threadId, { body: "A member's answer: the asker switched these off." });
    expect(recipients(deps)).toEqual([]);
    createReply(deps, staff, threadId, { body: "A staff answer: still wanted." });
    expect(recipients(deps).sort()).toEqual([asker.email, follower.email].sort());
    clearOutbox(deps);
    saveEmailPreferences(deps, asker, { answer: "on", accepted: "on", staff_answer: "on", delivery: "daily" });
    saveEmailPreferences(deps, follower, { delivery: "instant" });
    createReply(deps, staff, threadId, { body: "Digest members wait for the digest." });
    expect(recipients(deps)).toEqual([]);
  });

  it("refuses preferences it cannot read, with a message for the field, and changes nothing", () => {
    expect(() => saveEmailPreferences(deps, asker, { answer: "on", delivery: "weekly" })).toThrow(Invalid);
    createReply(deps, peer, threadId, { body: "Still mailed as before." });
    expect(recipients(deps)).toEqual([asker.email]);
  });
});

describe("the daily digest", () => {
  let deps: TestDeps;
  let asker: User;
  let peer: User;
  beforeEach(async () => {
    deps = createTestDeps({}, { PUBLIC_URL: "https://help.example.test" });
    deps.clock.set("2026-03-02T08:00:00Z");
    [asker, peer] = [await makeUser(deps), await makeUser(deps)];
    saveEmailPreferences(deps, asker, { answer: "on", accepted: "on", staff_answer: "on", delivery: "daily" });
    saveEmailPreferences(deps, peer, { answer: "on", accepted: "on", staff_answer: "on", delivery: "daily" });
  });
  afterEach(() => deps.db.$client.close());

  it("sends one mail the next day listing what happened, without hidden posts, and never twice a day", async () => {
    const category = makeCategory(deps.db);
    const first = ask(deps, asker, category, { title: "Voicemail <greeting> ]]> resets" });
    const second = ask(deps, asker, category, { title: "语音信箱问候语重置" });
    deps.clock.advanceMinutes(10);
    const kept = createReply(deps, peer, first.id, { body: "Record it again after each update." });
    const hidden = createReply(deps, peer, second.id, { body: "Buy cheap pills here." });
    setPostHidden(deps, await makeUser(deps, { role: "admin" }), hidden.id, true);
    acceptAnswer(deps, asker, kept.id);
    expect(recipients(deps)).toEqual([]);

    // The same day (they chose the digest at 08:00 today): nothing yet.
    expect(sendDailyDigests(deps)).toEqual({ digests: 0, members: 0 });
    deps.clock.set("2026-03-03T00:05:00Z");
    expect(sendDailyDigests(deps)).toEqual({ digests: 2, members: 2 });
    expect(sendDailyDigests(deps)).toEqual({ digests: 0, members: 0 });
    deps.clock.set("2026-03-03T23:59:00Z");
    expect(sendDailyDigests(deps)).toEqual({ digests: 0, members: 0 });

    const mails = queued(deps);
    expect(mails.map((mail) => mail.to).sort()).toEqual([asker.email, peer.email].sort());
    const toAsker = mails.find((mail) => mail.to === asker.email)!;
    expect(toAsker.subject).toMatch(/^Your daily summary from .+: 1 update$/);
    expect(toAsker.text).toContain(`answered your question “Voicemail <greeting> ]]> resets”`);
    expect(toAsker.text).toContain(`https://help.example.test/t/${first.id}/`);
    expect(toAsker.text).not.toContain("pills");
    expect(toAsker.html).toContain("Voicemail &lt;greeting&gt; ]]&gt; resets");
    const toPeer = mails.find((mail) => mail.to === peer.email)!;
    expect(toPeer.text).toContain("accepted your answer in “Voicemail <greeting> ]]> resets”");

    // The next day covers only what happened since.
    clearOutbox(deps);
    createReply(deps, peer, second.id, { body: "Check the carrier settings." });
    deps.clock.set("2026-03-04T00:01:00Z");
    expect(sendDailyDigests(deps)).toEqual({ digests: 1, members: 2 });
    expect(queued(deps).map((mail) => [mail.to, mail.subject])).toEqual([[asker.email, expect.stringMatching(/: 1 update$/)]]);
    expect(queued(deps)[0]!.text).toContain("语音信箱问候语重置");
    expect(queued(deps)[0]!.text).not.toContain("Voicemail");
  });

  it("sends a member one digest a day even when two sweeps run at once on two connections", async () => {
    const thread = ask(deps, asker, makeCategory(deps.db));
    deps.clock.advanceMinutes(1);
    createReply(deps, peer, thread.id, { body: "Try a restart." });
    deps.clock.set("2026-03-03T00:05:00Z");
    const { openDatabase } = await import("@db/client.server");
    const other = { ...deps, db: openDatabase(deps.file) };
    try {
      const results = [sendDailyDigests(deps), sendDailyDigests(other)];
      expect(results.reduce((sum, result) => sum + result.digests, 0)).toBe(1);
    } finally {
      other.db.$client.close();
    }
    expect(recipients(deps)).toEqual([asker.email]);
  });

  it("leaves out kinds switched off, and suspended members", () => {
    const thread = ask(deps, asker, makeCategory(deps.db));
    deps.clock.advanceMinutes(1);
    createReply(deps, peer, thread.id, { body: "Try a restart." });
    saveEmailPreferences(deps, asker, { accepted: "on", delivery: "daily" });
    deps.db.update(users).set({ suspendedUntil: new Date("2026-04-01T00:00:00Z") }).where(eq(users.id, peer.id)).run();
    deps.clock.set("2026-03-03T00:05:00Z");
    expect(sendDailyDigests(deps)).toEqual({ digests: 0, members: 1 });
    expect(recipients(deps)).toEqual([]);
  });
});

describe("unsubscribe links", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("accept the server's signature and refuse a changed one, another member's id or another scope", async () => {
    const member = await makeUser(deps);
    const other = await makeUser(deps);
    const token = unsubscribeToken(deps.db, member.id, "answer");
    expect(readUnsubscribeToken(deps.db, token)).toEqual({ userId: member.id, scope: "answer" });
    const signature = token.split(".")[2]!;
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    expect(readUnsubscribeToken(deps.db, `${member.id}.answer.${flipped}`)).toBeNull();
    expect(readUnsubscribeToken(deps.db, `${other.id}.answer.${signature}`)).toBeNull();
    expect(readUnsubscribeToken(deps.db, `${member.id}.all.${signature}`)).toBeNull();
    expect(readUnsubscribeToken(deps.db, token.slice(0, -1))).toBeNull();
    expect(() => unsubscribe(deps, `${member.id}.answer.${flipped}`)).toThrow(Invalid);
    expect(deps.db.select({ on: users.emailOnAnswer }).from(users).where(eq(users.id, member.id)).get()!.on).toBe(true);
  });

  it("switch off the kind they name, or every kind from a digest, without a session", async () => {
    const member = await makeUser(deps);
    const prefs = () => deps.db.select({ answer: users.emailOnAnswer, accepted: users.emailOnAccepted, staff: users.emailOnStaffAnswer }).from(users).where(eq(users.id, member.id)).get();
    unsubscribe(deps, unsubscribeToken(deps.db, member.id, "staff_answer"));
    expect(prefs()).toEqual({ answer: true, accepted: true, staff: false });
    unsubscribe(deps, unsubscribeToken(deps.db, member.id, "all"));
    expect(prefs()).toEqual({ answer: false, accepted: false, staff: false });
  });
});
