import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { categories, flags, posts, threads, users, webhooks, type Role } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { acceptAnswer, withdrawAcceptance } from "~/services/accept.server";
import { Forbidden } from "~/services/errors";
import { saveSiteSettings, updateCategoryEscalation } from "~/services/escalation-settings.server";
import { flagPost } from "~/services/flags.server";
import { followThread, unfollowThread } from "~/services/follows.server";
import { resolveFlags } from "~/services/moderation-queue.server";
import { moveThread, restorePost, setPostHidden, setThreadLocked, setThreadPinned } from "~/services/moderation.server";
import { closeAsDuplicate, mergeThread, reopenDuplicate } from "~/services/thread-merge.server";
import { createReply, deletePost, editPost } from "~/services/posts.server";
import { claimEscalation, releaseEscalation, resolveEscalation } from "~/services/staff-queue.server";
import { suspendUser, unsuspendUser } from "~/services/suspensions.server";
import { createThread } from "~/services/threads.server";
import { createCategory, deleteCategory, moveCategory, setCategoryArchived, updateCategory } from "~/services/category-admin.server";
import { removeDemoCommunity } from "~/services/demo-community.server";
import { saveEmailPreferences } from "~/services/email-preferences.server";
import { saveSiteIdentity } from "~/services/site-identity.server";
import { changeRole } from "~/services/user-admin.server";
import { SEED_CATEGORIES } from "@db/seed-data";
import { addMeToo, removeMeToo, voteHelpful, withdrawHelpful } from "~/services/votes.server";
import { registerWebhook, removeWebhook } from "~/services/webhooks.server";
import { deleteAccount } from "~/services/account-deletion.server";
import { exportAccountData } from "~/services/account-export.server";
import { changeDisplayName, changeHandle } from "~/services/account-profile.server";
import { changePassword } from "~/services/account-security.server";
import { removeAvatar, setAvatar } from "~/services/avatars.server";
import { requestEmailChange } from "~/services/email-change.server";
import { hashPassword } from "~/utils/passwords.server";
import sharp from "sharp";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { ROOT } from "../setup/paths";

// Issue 12: every mutating service function × every role, allow or deny, from one table; a
// mutation exported from app/services without a row (or a stated reason for having none) fails.

/** Who acts. "author" wrote the thread and the post acted on (and is the member a user-act targets). */
const ROLES = ["guest", "member", "author", "staff", "moderator", "admin", "suspended"] as const;
type MatrixRole = (typeof ROLES)[number];

/** The world each cell starts from: one database per row, rolled back after every cell. */
interface Fixture {
  deps: TestDeps;
  people: Record<Exclude<MatrixRole, "guest">, string> & { helper: string };
  category: { id: number; slug: string };
  otherCategory: { id: number; slug: string };
  /** A question by the author. */
  threadId: number;
  /** A reply by the author in that thread (its own post, for edit/delete/hide/vote/flag). */
  authorPostId: number;
  /** An answer by another member (helper) in that thread, for accepting. */
  answerId: number;
}

type Row = {
  /** The roles allowed; every other role must be refused with Forbidden and change nothing. */
  allow: readonly MatrixRole[];
  /** The call, as a route makes it; `actor` is null for a guest. */
  call: (f: Fixture, actor: Actor | null) => unknown;
  /** Optional state the call needs (inside the cell's transaction, so it is undone too). */
  setup?: (f: Fixture, actor: Actor | null) => void;
};

const SIGNED_IN = ["member", "author", "staff", "moderator", "admin"] as const;
const STAFF = ["staff", "moderator", "admin"] as const;
const MODERATORS = ["moderator", "admin"] as const;
const ADMINS = ["admin"] as const;
const DAY = 86_400_000;
const later = (f: Fixture) => new Date(f.deps.clock.now().getTime() + 3 * DAY);
/** The types name `Actor`; a guest is null, which every service must refuse (not crash on). */
const nullable = (actor: Actor | null) => actor as Actor;

/**
 * THE TABLE. One row per mutating export, keyed "<file without .server.ts>.<function>", e.g.
 * `"posts.restorePost": { allow: MODERATORS, call: (f, actor) => restorePost(f.deps, actor, f.authorPostId) },`
 * `allow` lists the roles that may (the rest must get Forbidden and leave the database as it was);
 * `setup` prepares what the call needs (a flag to resolve, an escalated thread) for that actor.
 */
const MATRIX: Record<string, Row> = {
  // Own-account changes (issue 13): anyone signed in, on their own account only; what shows beside
  // posts (name, handle, picture) is frozen while suspended, the rest (security, leaving) is not.
  "account-profile.changeDisplayName": { allow: SIGNED_IN, call: (f, actor) => changeDisplayName(f.deps, actor, { displayName: "Matrix Name" }) },
  "account-profile.changeHandle": { allow: SIGNED_IN, call: (f, actor) => changeHandle(f.deps, actor, { handle: "matrix_handle" }) },
  "avatars.setAvatar": { allow: SIGNED_IN, call: async (f, actor) => setAvatar(f.deps, actor, await AVATAR_PNG) },
  "avatars.removeAvatar": {
    allow: [...SIGNED_IN, "suspended"],
    setup: (f, actor) => void (actor && f.deps.db.update(users).set({ avatarMediaId: "0".repeat(40) }).where(eq(users.id, actor.id)).run()),
    call: (f, actor) => removeAvatar(f.deps, actor),
  },
  "account-security.changePassword": {
    allow: [...SIGNED_IN, "suspended"],
    setup: knowsPassword,
    call: (f, actor) => changePassword(f.deps, actor, { currentPassword: MATRIX_PASSWORD, newPassword: "matrix new password" }, null),
  },
  "email-change.requestEmailChange": {
    allow: [...SIGNED_IN, "suspended"],
    setup: knowsPassword,
    call: (f, actor) => requestEmailChange(f.deps, actor, { email: "matrix-new@example.test", currentPassword: MATRIX_PASSWORD }),
  },
  "account-deletion.deleteAccount": {
    allow: [...SIGNED_IN, "suspended"],
    setup: (f, actor) => {
      knowsPassword(f, actor);
      // The only admin may not leave: a second one lets the admin cell test the permission itself.
      f.deps.db.insert(users).values({ id: "second-admin", email: "second-admin@example.test", handle: "second_admin", displayName: "Second", passwordHash: "x", role: "admin", createdAt: f.deps.clock.now() }).run();
    },
    call: (f, actor) => deleteAccount(f.deps, actor, { currentPassword: MATRIX_PASSWORD }),
  },
  // A read, but of private data: only the member's own.
  "account-export.exportAccountData": { allow: [...SIGNED_IN, "suspended"], call: (f, actor) => exportAccountData(f.deps, actor) },
  "threads.createThread": { allow: SIGNED_IN, call: (f, actor) => createThread(f.deps, actor, { category: f.category.slug, kind: "question", title: "Matrix question", body: "Matrix details" }) },
  "posts.createReply": { allow: SIGNED_IN, call: (f, actor) => createReply(f.deps, actor, f.threadId, { body: "Matrix reply" }) },
  "posts.editPost": { allow: ["author", "moderator", "admin"], call: (f, actor) => editPost(f.deps, actor, f.authorPostId, { body: "Edited words", reason: "Tidied the wording" }) },
  "posts.deletePost": { allow: ["author", "moderator", "admin"], call: (f, actor) => deletePost(f.deps, actor, f.authorPostId) },
  "accept.acceptAnswer": { allow: ["author", ...STAFF], call: (f, actor) => acceptAnswer(f.deps, actor, f.answerId) },
  "accept.withdrawAcceptance": {
    allow: ["author", ...STAFF],
    setup: (f) => acceptAnswer(f.deps, actorFor(f, "author"), f.answerId),
    call: (f, actor) => withdrawAcceptance(f.deps, actor, f.threadId),
  },
  "votes.voteHelpful": { allow: ["member", ...STAFF], call: (f, actor) => voteHelpful(f.deps, actor, f.authorPostId) },
  "votes.withdrawHelpful": { allow: ["member", ...STAFF], call: (f, actor) => withdrawHelpful(f.deps, actor, f.authorPostId) },
  "votes.addMeToo": { allow: ["member", ...STAFF], call: (f, actor) => addMeToo(f.deps, actor, f.threadId) },
  "votes.removeMeToo": { allow: ["member", ...STAFF], call: (f, actor) => removeMeToo(f.deps, actor, f.threadId) },
  "flags.flagPost": { allow: ["member", ...STAFF], call: (f, actor) => flagPost(f.deps, actor, f.authorPostId, { reason: "spam" }) },
  // Following is a reading preference: a suspended member keeps it.
  "follows.followThread": { allow: [...SIGNED_IN, "suspended"], call: (f, actor) => followThread(f.deps, actor, f.threadId) },
  "follows.unfollowThread": { allow: [...SIGNED_IN, "suspended"], call: (f, actor) => unfollowThread(f.deps, actor, f.threadId) },
  "moderation.setPostHidden": { allow: MODERATORS, call: (f, actor) => setPostHidden(f.deps, actor, f.authorPostId, true) },
  "moderation.setThreadLocked": { allow: MODERATORS, call: (f, actor) => setThreadLocked(f.deps, actor, f.threadId, true, "Gone off topic") },
  "moderation.setThreadPinned": { allow: STAFF, call: (f, actor) => setThreadPinned(f.deps, actor, f.threadId, true) },
  "moderation.moveThread": { allow: MODERATORS, call: (f, actor) => moveThread(f.deps, actor, f.threadId, f.otherCategory.id) },
  "moderation-queue.resolveFlags": {
    allow: MODERATORS,
    setup: (f) => void f.deps.db.insert(flags).values({ postId: f.authorPostId, userId: f.people.helper, reason: "spam", note: null, createdAt: f.deps.clock.now() }).run(),
    call: (f, actor) => resolveFlags(f.deps, actor, f.authorPostId, { decision: "disagree" }),
  },
  "moderation.restorePost": {
    allow: MODERATORS,
    setup: (f) => void deletePost(f.deps, { id: f.people.author, role: "member" }, f.authorPostId),
    call: (f, actor) => restorePost(f.deps, actor, f.authorPostId),
  },
  "thread-merge.closeAsDuplicate": { allow: MODERATORS, setup: askCanonical, call: (f, actor) => closeAsDuplicate(f.deps, actor, f.threadId, String(canonicalId)) },
  "thread-merge.reopenDuplicate": {
    allow: MODERATORS,
    setup: (f) => {
      askCanonical(f);
      closeAsDuplicate(f.deps, actorFor(f, "admin"), f.threadId, String(canonicalId));
    },
    call: (f, actor) => reopenDuplicate(f.deps, actor, f.threadId),
  },
  "thread-merge.mergeThread": { allow: MODERATORS, setup: askCanonical, call: (f, actor) => mergeThread(f.deps, actor, f.threadId, String(canonicalId)) },
  "suspensions.suspendUser": { allow: MODERATORS, call: (f, actor) => suspendUser(f.deps, actor, f.people.author, { until: later(f), reason: "Spam links" }) },
  "suspensions.unsuspendUser": {
    allow: MODERATORS,
    setup: (f) => void f.deps.db.update(users).set({ suspendedUntil: later(f), suspensionReason: "Spam links" }).where(eq(users.id, f.people.author)).run(),
    call: (f, actor) => unsuspendUser(f.deps, actor, f.people.author),
  },
  "staff-queue.claimEscalation": { allow: STAFF, setup: escalate, call: (f, actor) => claimEscalation(f.deps, nullable(actor), f.threadId) },
  "staff-queue.releaseEscalation": {
    allow: STAFF,
    setup: (f, actor) => {
      escalate(f);
      if (actor) f.deps.db.update(threads).set({ escalationClaimedBy: actor.id, escalationClaimedAt: f.deps.clock.now() }).where(eq(threads.id, f.threadId)).run();
    },
    call: (f, actor) => releaseEscalation(f.deps, nullable(actor), f.threadId),
  },
  "staff-queue.resolveEscalation": { allow: STAFF, setup: escalate, call: (f, actor) => resolveEscalation(f.deps, nullable(actor), f.threadId, "Answered by phone") },
  "escalation-settings.saveSiteSettings": { allow: ADMINS, call: (f, actor) => saveSiteSettings(f.deps, nullable(actor), { siteName: "Matrix community" }) },
  "escalation-settings.updateCategoryEscalation": {
    allow: ADMINS,
    call: (f, actor) => updateCategoryEscalation(f.deps, nullable(actor), { categoryId: f.category.id, minutes: 30, enabled: true, clock: "calendar" }),
  },
  "category-admin.createCategory": { allow: ADMINS, call: (f, actor) => createCategory(f.deps, nullable(actor), { name: "Roaming", description: "Abroad", color: "#0b5fad" }) },
  "category-admin.updateCategory": {
    allow: ADMINS,
    call: (f, actor) => updateCategory(f.deps, nullable(actor), f.category.id, { name: "Matrix renamed", description: "", color: "#0b5fad" }),
  },
  "category-admin.moveCategory": { allow: ADMINS, call: (f, actor) => moveCategory(f.deps, nullable(actor), f.otherCategory.id, "up") },
  "category-admin.setCategoryArchived": { allow: ADMINS, call: (f, actor) => setCategoryArchived(f.deps, nullable(actor), f.otherCategory.id, true) },
  "category-admin.deleteCategory": { allow: ADMINS, call: (f, actor) => deleteCategory(f.deps, nullable(actor), f.otherCategory.id) },
  "demo-community.removeDemoCommunity": {
    allow: ADMINS,
    setup: (f) => void f.deps.db.insert(categories).values({ slug: SEED_CATEGORIES[0]!.slug, name: "Demo billing", createdAt: f.deps.clock.now() }).run(),
    call: (f, actor) => removeDemoCommunity(f.deps, nullable(actor), { confirmation: "remove demo" }),
  },
  "site-identity.saveSiteIdentity": {
    allow: ADMINS,
    call: (f, actor) => saveSiteIdentity(f.deps, nullable(actor), { siteName: "Matrix community", brandName: "Matrix", brandColor: "#0B5FAD", headerColor: "", logoUrl: "", faviconUrl: "", footerText: "" }),
  },
  // Email settings are the member's own, kept while suspended (as following is).
  "email-preferences.saveEmailPreferences": {
    allow: [...SIGNED_IN, "suspended"],
    call: (f, actor) => saveEmailPreferences(f.deps, actor, { answer: "on", delivery: "daily" }),
  },
  "user-admin.changeRole": { allow: ADMINS, call: (f, actor) => changeRole(f.deps, nullable(actor), { userId: f.people.member, role: "staff" }) },
  "webhooks.registerWebhook": { allow: ADMINS, call: (f, actor) => registerWebhook(f.deps, nullable(actor), { url: "https://hooks.example.com/peerdesk", events: ["post.created"], secret: "" }) },
  "webhooks.removeWebhook": {
    allow: ADMINS,
    setup: (f) => void f.deps.db.insert(webhooks).values({ id: 77, url: "https://hooks.example.com/x", secret: "s", events: ["post.created"], createdAt: f.deps.clock.now() }).run(),
    call: (f, actor) => removeWebhook(f.deps, nullable(actor), 77),
  },
};

/**
 * Exports of app/services/*.server.ts that are not a person's act, so have no row: each says
 * why. A new export must go in MATRIX or here; the test below fails until it does.
 */
const NOT_IN_MATRIX: Record<string, "reads" | "inside another write" | "system" | "own account" | "public"> = {
  // Reads: they change nothing.
  ...reads(
    "anti-spam.spamStanding anti-spam.countLinks ask-sessions.isAskSessionId ask-sessions.weeklyDeflection audit-log.listAuditLog",
    "business-hours.addBusinessMinutes categories.listCategories categories.getCategoryBySlug escalation-sweep.selectDueThreads",
    "escalation-sweep.dueSoonCondition escalation.escalationWindowMinutes escalation.escalationDueAt escalation.formatDeadline",
    "escalation.getEscalationNotice feeds.listFeedEntries feeds.countThreadSitemaps feeds.listSitemapThreads feeds.listSitemapCategories",
    "follows.followerIds form-guard.renewFormStamp form-guard.checkFormStart mail-outbox.getMailOutboxStatus mail.createMailer",
    "moderation-queue.countOpenFlags moderation-queue.listFlagQueue notifications.countUnread notifications.listNotifications",
    "notifications.notificationTarget posts.quoteFor posts.getPostForEdit profiles.getProfile rate-limit.remainingHits",
    "rate-limit.retryAfterSeconds rate-limit.isRemembered rate-limit.describeWait reminders.getReminderPreference",
    "repeated-posts.sameWords repeated-posts.refuseRepeatedReply repeated-posts.refuseRepeatedThread reputation.listBadges",
    "search.searchApiBody search.searchForPage search.searchForApi search.suggestSimilarThreads service-levels.getServiceLevels settings.getSettings",
    "staff-queue.listStaffQueue suspensions.checkSuspension suspensions.getSuspensionPanel thread-access.isThreadDeleted",
    "thread-access.findVisibleThread thread-access.requirePostInThread thread-access.requireWritableThread thread-access.threadById thread-lists.listThreads thread-lists.threadListItems thread-permissions.threadPermissions",
    "brand-images.brandImageProblem brand-images.getBrandImage categories.listOpenCategories category-admin.listCategoriesForAdmin",
    "demo-community.findDemoCommunity user-admin.searchUsers thread-merge.findMergeDestination thread-merge.findThreadLink thread-page.getThreadPage thread-page.canSeeHiddenPost thread-page.canSeeDeletedPost thread-page.presenter thread-page.locatePost thread-state.nextPosition",
    "email-verification.verifyEmailPath user-tokens.hashUserToken user-tokens.liveUserToken password-reset.resetPasswordPath password-reset.isResetTokenLive",
    "users.findUserByHandle webhook-targets.isAllowedAddress webhook-targets.resolveWebhookTarget webhook-targets.pinnedLookup",
    "webhook-targets.privateTargetProblem webhook-targets.lookupAll webhooks.signWebhookBody webhooks.listWebhooks webhooks.listDeliveries",
    "widget-events.summarizeWidgetEvents widget.findCategoryId widget.listPopularSolved widget.getWidgetAnswer widget.searchForWidget",
    "account-security.requireOwnAccount account-security.requireNotSuspended account-profile.handleProblem account-profile.getAccountSummary",
    "email-change.confirmEmailChangePath avatars.processAvatarImage avatars.getAvatar account-deletion.deletedUserFields profiles.findRenamedHandle",
    "email-preferences.getEmailPreferences member-mail.mailableMember member-mail.mailableRecipients member-mail.mailKindsFor",
    "member-mail.wantedKind member-mail.isPublicPost member-mail.mailEntry member-mail.mailFrame member-digest.digestDayStart",
    "member-digest.digestEntries member-mail-content.excerptOf member-mail-content.eventMail member-mail-content.digestMail",
    "unsubscribe.unsubscribeToken unsubscribe.unsubscribeUrl unsubscribe.readUnsubscribeToken unsubscribe.describeUnsubscribe",
    "unsubscribe.isSignedUnsubscribePost server-secret.signWithServerSecret server-secret.hasServerSignature",
    "page-versions.pageScopes page-versions.readPageVersion page-versions.readDatabaseStamp page-versions.keptWhileUnchanged",
  ),
  // Written inside the transaction of a write that has its own row (or its own checks), never on their own.
  ...named("inside another write",
    "accept.withdrawAcceptedPost anti-spam.admitPost audit-log.recordAudit escalation.recordResponse follows.addFollower",
    "mail-outbox.enqueueMail mail-outbox.enqueueMails notifications.createNotifications notifications.notifyAboutThreads rate-limit.recordHit rate-limit.consumeHits",
    "rate-limit.refundHit rate-limit.remember rate-limit.clearHits reputation.changeReputation reputation.changeAcceptedCount",
    "reputation.changeAnswerCount search-outbox.enqueueSearchSync settings.updateSettings suspensions.applySuspension",
    "thread-state.refreshThreadStatus thread-state.refreshFirstResponse webhook-events.emitWebhookEvent webhook-events.emitWebhookEvents form-guard.issueFormStamp",
    "ask-sessions.markAskSessionPosted brand-images.storeBrandImage user-tokens.issueUserToken user-tokens.claimUserToken",
    "account-security.checkCurrentPassword",
    "votes.withdrawEverythingGivenBy member-mail.queueMemberMails",
  ),
  // Run by the job scheduler, the CLI or the seed, never for a person.
  ...named("system",
    "escalation-sweep.sweepEscalations escalation.recomputeEscalationDeadlines mail-outbox.sendQueuedMail rate-limit.pruneExpiredLimits",
    "reminders.sweepReminders webhook-delivery.fanOutWebhookEvents webhook-delivery.deliverWebhook ask-sessions.pruneUnusedAskSessions",
    "users.createUser users.setRole member-digest.sendDailyDigests member-mail.composeMemberMails",
  ),
  // Scoped by the session's own user id, which the route passes: nobody acts on another's.
  ...named("own account",
    "notifications.markNotificationsRead notifications.openNotification notifications.markAllNotificationsRead reminders.setReminderPreference email-verification.sendVerificationLink",
  ),
  // Open to anyone, signed in or not, by design (sign-up, sign-in, the ask page's and widget's counters).
  ...named("public",
    "users.signUp users.authenticate ask-sessions.issueAskSession ask-sessions.recordSuggestionsShown ask-sessions.recordSuggestionOpened",
    "widget-events.recordWidgetEvent password-reset.requestPasswordReset password-reset.resetPassword email-verification.verifyEmail",
    // The mailed link is the proof: whoever holds it reads the new address's mail.
    "email-change.confirmEmailChange",
    // The signed link is the proof (RFC 8058 one-click unsubscribe works without a session).
    "unsubscribe.unsubscribe",
  ),
};

function named<T extends string>(why: T, ...lines: string[]): Record<string, T> {
  return Object.fromEntries(lines.flatMap((line) => line.split(/\s+/)).filter(Boolean).map((key) => [key, why]));
}
function reads(...lines: string[]) {
  return named("reads" as const, ...lines);
}

/** The password the own-account rows confirm with, hashed once for the file (argon2 takes a while). */
const MATRIX_PASSWORD = "matrix password 1";
const MATRIX_HASH = await hashPassword(MATRIX_PASSWORD);
const AVATAR_PNG = sharp({ create: { width: 32, height: 32, channels: 3, background: "#336699" } }).png().toBuffer();
function knowsPassword(f: Fixture, actor: Actor | null): void {
  if (actor) f.deps.db.update(users).set({ passwordHash: MATRIX_HASH }).where(eq(users.id, actor.id)).run();
}

/** The thread a duplicate points at or a merge moves into, asked by the helper inside the cell. */
let canonicalId = 0;
function askCanonical(f: Fixture): void {
  canonicalId = createThread(f.deps, { id: f.people.helper, role: "member" }, { category: f.category.slug, kind: "question", title: "Router restarts itself", body: "Every night at two." }).id;
}

function escalate(f: Fixture): void {
  f.deps.db.update(threads).set({ escalatedAt: f.deps.clock.now() }).where(eq(threads.id, f.threadId)).run();
}

function actorFor(f: Fixture, role: MatrixRole): Actor | null {
  if (role === "guest") return null;
  const row = f.deps.db.select({ id: users.id, role: users.role, suspendedUntil: users.suspendedUntil }).from(users).where(eq(users.id, f.people[role])).get()!;
  return row;
}

const ROLE_OF: Record<Exclude<MatrixRole, "guest"> | "helper", Role> = {
  member: "member",
  author: "member",
  staff: "staff",
  moderator: "moderator",
  admin: "admin",
  suspended: "member",
  helper: "member",
};

/** Builds the world directly (no password hashing: seven accounts per row would take seconds). */
function buildFixture(): Fixture {
  const deps = createTestDeps();
  const now = deps.clock.now();
  const established = new Date(now.getTime() - 30 * DAY);
  const people = Object.fromEntries(
    Object.entries(ROLE_OF).map(([key, role]) => {
      const id = randomUUID();
      deps.db
        .insert(users)
        .values({
          id,
          email: `${key}-${id}@example.test`,
          handle: `${key}_${id.slice(0, 8)}`,
          displayName: `The ${key}`,
          passwordHash: "not-a-hash",
          role,
          suspendedUntil: key === "suspended" ? new Date(now.getTime() + 7 * DAY) : null,
          suspensionReason: key === "suspended" ? "Spam" : null,
          createdAt: established,
        })
        .run();
      return [key, id];
    }),
  ) as Fixture["people"];
  const category = deps.db.insert(categories).values({ slug: "matrix", name: "Matrix", createdAt: established }).returning().get();
  const otherCategory = deps.db.insert(categories).values({ slug: "elsewhere", name: "Elsewhere", createdAt: established }).returning().get();
  const author = { id: people.author, role: "member" as const };
  const thread = createThread(deps, author, { category: category.slug, kind: "question", title: "Router keeps rebooting", body: "Every hour." });
  const authorPost = createReply(deps, author, thread.id, { body: "It is the newest model." });
  const answer = createReply(deps, { id: people.helper, role: "member" }, thread.id, { body: "Update the firmware." });
  return { deps, people, category, otherCategory, threadId: thread.id, authorPostId: authorPost.id, answerId: answer.id };
}

/** Every row of every table (FTS shadow tables aside): a refused call must leave all of it as it was. */
function everything(db: Db) {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.$client.prepare(`SELECT * FROM "${name}"`).all()]));
}

type Outcome = { result: "allow" } | { result: "deny"; unchanged: boolean } | { result: "error"; error: unknown };

/** One cell: inside a transaction that is rolled back, so each cell starts from the same world. */
async function runCell(f: Fixture, row: Row, role: MatrixRole): Promise<Outcome> {
  const client = f.deps.db.$client;
  client.exec("BEGIN");
  try {
    const actor = actorFor(f, role);
    row.setup?.(f, actor);
    const before = everything(f.deps.db);
    try {
      await row.call(f, actor);
      return { result: "allow" };
    } catch (error) {
      if (error instanceof Forbidden) return { result: "deny", unchanged: JSON.stringify(everything(f.deps.db)) === JSON.stringify(before) };
      return { result: "error", error };
    }
  } finally {
    client.exec("ROLLBACK");
  }
}

/** "<file>.<function>" for every function app/services/*.server.ts exports, read from the modules themselves. */
async function exportedFunctions(): Promise<string[]> {
  const dir = path.join(ROOT, "app/services");
  const files = fs.readdirSync(dir).filter((file) => file.endsWith(".server.ts"));
  const keys = await Promise.all(
    files.map(async (file) => {
      const exports = (await import(path.join(dir, file))) as Record<string, unknown>;
      const noun = file.replace(/\.server\.ts$/, "");
      return Object.entries(exports)
        .filter(([, value]) => typeof value === "function")
        .map(([name]) => `${noun}.${name}`);
    }),
  );
  return keys.flat();
}

describe("the authorization matrix: every mutating service function × every role", () => {
  it("every exported service function has a row, or a reason for having none (and nothing stale in either list)", async () => {
    const exported = await exportedFunctions();
    expect(exported.length).toBeGreaterThan(100);
    const missing = exported.filter((key) => !(key in MATRIX) && !(key in NOT_IN_MATRIX));
    expect(missing, "add a row to MATRIX for each mutation (or list a read in NOT_IN_MATRIX)").toEqual([]);
    const stale = [...Object.keys(MATRIX), ...Object.keys(NOT_IN_MATRIX)].filter((key) => !exported.includes(key));
    expect(stale, "listed but no longer exported").toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => key in NOT_IN_MATRIX), "in both lists").toEqual([]);
  });

  for (const [name, row] of Object.entries(MATRIX)) {
    describe(name, () => {
      let fixture: Fixture;
      beforeAll(() => {
        fixture = buildFixture();
      });
      afterAll(() => fixture.deps.db.$client.close());

      it.each(ROLES.map((role) => ({ role, expected: row.allow.includes(role) ? "allow" : "deny" })))("$role: $expected", async ({ role, expected }) => {
        const outcome = await runCell(fixture, row, role);
        if (outcome.result === "error") throw outcome.error;
        expect(outcome.result).toBe(expected);
        if (outcome.result === "deny") expect(outcome.unchanged, "a refused call changed the database").toBe(true);
      });
    });
  }
});
