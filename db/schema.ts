import { sql } from "drizzle-orm";
import {
  blob,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

// Timestamps are stored as integer milliseconds; drizzle maps them to Date.
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
const flag = (name: string) => integer(name, { mode: "boolean" });

import { ROLES, type Role } from "../app/domain/roles";
import { THREAD_KINDS, THREAD_STATUSES, type ThreadKind, type ThreadStatus } from "../app/domain/threads";

// The enums live in app/domain (no imports), where components may read them too.
export { ROLES, THREAD_KINDS, THREAD_STATUSES, type Role, type ThreadKind, type ThreadStatus };

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique(),
    handle: text("handle").notNull().unique(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("member"),
    reputation: integer("reputation").notNull().default(0),
    acceptedCount: integer("accepted_count").notNull().default(0),
    answerCount: integer("answer_count").notNull().default(0),
    suspendedUntil: timestamp("suspended_until"),
    suspensionReason: text("suspension_reason"),
    suspendedBy: text("suspended_by"),
    emailReminders: flag("email_reminders").notNull().default(true),
    // Member email (issue 13): each kind on or off, sent as it happens or gathered in one daily digest.
    emailOnAnswer: flag("email_on_answer").notNull().default(true),
    emailOnAccepted: flag("email_on_accepted").notNull().default(true),
    emailOnStaffAnswer: flag("email_on_staff_answer").notNull().default(true),
    emailDelivery: text("email_delivery", { enum: ["instant", "daily"] }).notNull().default("instant"),
    lastDigestAt: timestamp("last_digest_at"),
    emailVerifiedAt: timestamp("email_verified_at"),
    avatarMediaId: text("avatar_media_id"),
    lastSeenAt: timestamp("last_seen_at"),
    // A deleted account keeps its row (posts stay attributed to "deleted user"); personal data is wiped.
    deletedAt: timestamp("deleted_at"),
    createdAt: timestamp("created_at").notNull(),
  },
  // Staff are a handful among thousands of members: the sweep and the staff figures find them by role.
  (t) => [index("users_role_idx").on(t.role)],
);

// Lucia's drizzle adapter expects exactly these column names and an integer (seconds) expiry.
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const categories = sqliteTable("categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  position: integer("position").notNull().default(0),
  // null: the site default window applies.
  escalateAfterMinutes: integer("escalate_after_minutes"),
  escalationEnabled: flag("escalation_enabled").notNull().default(true),
  escalationClock: text("escalation_clock", { enum: ["calendar", "business"] })
    .notNull()
    .default("calendar"),
  threadCount: integer("thread_count").notNull().default(0),
  color: text("color"),
  // An archived category takes no new threads and leaves the home page; its threads stay readable.
  archivedAt: timestamp("archived_at"),
  createdAt: timestamp("created_at").notNull(),
});

export const threads = sqliteTable(
  "threads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: THREAD_KINDS }).notNull(),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    status: text("status", { enum: THREAD_STATUSES }).notNull().default("open"),
    acceptedPostId: integer("accepted_post_id"),
    firstResponseAt: timestamp("first_response_at"),
    firstResponseByStaff: flag("first_response_by_staff"),
    // The moment the thread escalates if nobody but the asker has responded; null when escalation is off.
    escalationDueAt: timestamp("escalation_due_at"),
    escalatedAt: timestamp("escalated_at"),
    escalationClaimedBy: text("escalation_claimed_by").references(() => users.id),
    escalationClaimedAt: timestamp("escalation_claimed_at"),
    escalationResolvedAt: timestamp("escalation_resolved_at"),
    escalationResolvedBy: text("escalation_resolved_by").references(() => users.id),
    escalationResolution: text("escalation_resolution"),
    reminderSentAt: timestamp("reminder_sent_at"),
    pinned: flag("pinned").notNull().default(false),
    locked: flag("locked").notNull().default(false),
    lockReason: text("lock_reason"),
    hidden: flag("hidden").notNull().default(false),
    // Closed as a duplicate of another thread (which search ranks first), or merged into it (the old
    // address redirects there with 301).
    duplicateOfId: integer("duplicate_of_id"),
    mergedIntoId: integer("merged_into_id"),
    replyCount: integer("reply_count").notNull().default(0),
    voteCount: integer("vote_count").notNull().default(0),
    meTooCount: integer("me_too_count").notNull().default(0),
    viewCount: integer("view_count").notNull().default(0),
    hasStaffReply: flag("has_staff_reply").notNull().default(false),
    solvedAt: timestamp("solved_at"),
    lastActivityAt: timestamp("last_activity_at").notNull(),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    index("threads_latest_idx").on(t.hidden, t.lastActivityAt),
    index("threads_category_latest_idx").on(t.categoryId, t.hidden, t.lastActivityAt),
    index("threads_status_latest_idx").on(t.status, t.lastActivityAt),
    index("threads_author_idx").on(t.authorId, t.createdAt),
    // Serves the escalation sweep: only threads still waiting for a first response are in it.
    index("threads_escalation_due_idx")
      .on(t.escalationDueAt)
      .where(sql`escalated_at IS NULL AND first_response_at IS NULL AND escalation_due_at IS NOT NULL`),
    // Serves the staff queue: flagged and not yet resolved.
    index("threads_escalation_open_idx")
      .on(t.escalatedAt)
      .where(sql`escalated_at IS NOT NULL AND escalation_resolved_at IS NULL`),
    // Serve the service-level figures (threads asked / escalated in the last 7 and 30 days) and the
    // queue's "resolved today" tab; they cover the columns those aggregates read, so no row is fetched.
    index("threads_created_levels_idx").on(
      t.createdAt,
      t.hidden,
      t.firstResponseAt,
      t.firstResponseByStaff,
      t.escalatedAt,
    ),
    // Serve the widget's "popular solved" list shown on every open, site-wide and per category,
    // already in its order (the rowid breaks ties), so no sort of every solved thread is needed.
    index("threads_popular_idx").on(t.status, t.voteCount, t.meTooCount, t.replyCount),
    index("threads_category_popular_idx").on(t.categoryId, t.status, t.voteCount, t.meTooCount, t.replyCount),
    // Serves a category's Atom feed, newest first (the rowid rides along in every index).
    index("threads_category_idx").on(t.categoryId),
    // Serves the profile's accepted answers: from the member's posts to the threads that accepted them.
    index("threads_accepted_post_idx").on(t.acceptedPostId),
    index("threads_escalated_idx").on(t.escalatedAt).where(sql`escalated_at IS NOT NULL`),
    index("threads_escalation_resolved_idx")
      .on(t.escalationResolvedAt)
      .where(sql`escalation_resolved_at IS NOT NULL`),
    // Duplicates are few: this finds a canonical thread's duplicates (their titles join its search
    // document) and counts them (they are not in the search index).
    index("threads_duplicate_of_idx").on(t.duplicateOfId).where(sql`duplicate_of_id IS NOT NULL`),
    // Pinned threads lead their category's list and the home page; there are only ever a few.
    index("threads_pinned_idx").on(t.categoryId, t.lastActivityAt).where(sql`pinned = 1`),
  ],
);

export const posts = sqliteTable(
  "posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    // Position 1 is the question itself; answers follow.
    position: integer("position").notNull(),
    bodyMd: text("body_md").notNull(),
    // Sanitized render, cached at write time.
    bodyHtml: text("body_html").notNull(),
    // The author's role when the post was written: badges show what they were then.
    authorRole: text("author_role", { enum: ROLES }).notNull().default("member"),
    official: flag("official").notNull().default(false),
    helpfulCount: integer("helpful_count").notNull().default(0),
    createdAt: timestamp("created_at").notNull(),
    editedAt: timestamp("edited_at"),
    editedBy: text("edited_by").references(() => users.id),
    hiddenAt: timestamp("hidden_at"),
    // Why a post is hidden: "flags" (hidden pending review by members' flags) or "moderator".
    hiddenReason: text("hidden_reason"),
    hiddenBy: text("hidden_by"),
    deletedAt: timestamp("deleted_at"),
    deletedBy: text("deleted_by"),
  },
  (t) => [
    uniqueIndex("posts_thread_position_idx").on(t.threadId, t.position),
    index("posts_author_idx").on(t.authorId, t.createdAt),
  ],
);

export const postRevisions = sqliteTable(
  "post_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id),
    editorId: text("editor_id")
      .notNull()
      .references(() => users.id),
    bodyMd: text("body_md").notNull(),
    title: text("title"),
    // Why someone else edited the post (moderators give one; kept in the revision history).
    reason: text("reason"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [index("post_revisions_post_idx").on(t.postId)],
);

export const votes = sqliteTable(
  "votes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.postId] }), index("votes_post_idx").on(t.postId)],
);

export const meToo = sqliteTable(
  "me_too",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.threadId] }), index("me_too_thread_idx").on(t.threadId)],
);

export const follows = sqliteTable(
  "follows",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.threadId] }), index("follows_thread_idx").on(t.threadId)],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    threadId: integer("thread_id").references(() => threads.id),
    postId: integer("post_id").references(() => posts.id),
    actorId: text("actor_id").references(() => users.id),
    createdAt: timestamp("created_at").notNull(),
    readAt: timestamp("read_at"),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.id),
    index("notifications_unread_idx").on(t.userId).where(sql`read_at IS NULL`),
  ],
);

export const badges = sqliteTable(
  "badges",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    badge: text("badge").notNull(),
    awardedAt: timestamp("awarded_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.badge] })],
);

export const flags = sqliteTable(
  "flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    note: text("note"),
    createdAt: timestamp("created_at").notNull(),
    reviewedAt: timestamp("reviewed_at"),
    reviewedBy: text("reviewed_by").references(() => users.id),
    // null while open; "agreed" or "disagreed" once a moderator reviewed it.
    resolution: text("resolution"),
  },
  (t) => [
    uniqueIndex("flags_post_user_idx").on(t.postId, t.userId),
    // The moderation queue and the open-flag count in the staff navigation read only open flags.
    index("flags_open_idx").on(t.createdAt).where(sql`reviewed_at IS NULL`),
  ],
);

// Append-only: triggers (migration 0005) refuse UPDATE and DELETE on it.
export const moderationLog = sqliteTable(
  "moderation_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: text("actor_id")
      .notNull()
      .references(() => users.id),
    action: text("action").notNull(),
    threadId: integer("thread_id"),
    postId: integer("post_id"),
    targetUserId: text("target_user_id"),
    reason: text("reason"),
    // What changed, as JSON (e.g. { from: "billing", to: "roaming" }, { role: "moderator" }).
    details: text("details", { mode: "json" }),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    index("moderation_log_actor_idx").on(t.actorId, t.id),
    index("moderation_log_action_idx").on(t.action, t.id),
    index("moderation_log_target_user_idx").on(t.targetUserId, t.id),
    index("moderation_log_thread_idx").on(t.threadId, t.id),
  ],
);

// Single-use links sent by email: verify an address, reset a password, confirm a new address.
// Only a hash of the token is stored, so a copy of the database cannot be used to sign in.
export const userTokens = sqliteTable(
  "user_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["verify_email", "reset_password", "change_email"] }).notNull(),
    email: text("email").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [index("user_tokens_user_idx").on(t.userId, t.purpose)],
);

// Old handles keep leading to their member's profile after a change of handle.
export const handleHistory = sqliteTable("handle_history", {
  handle: text("handle").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  changedAt: timestamp("changed_at").notNull(),
});

// Uploaded images (avatars, the site's logo and favicon), already resized and stripped of metadata.
// Kept in the database so that one backup file holds everything.
export const media = sqliteTable("media", {
  id: text("id").primaryKey(),
  kind: text("kind", { enum: ["avatar", "logo", "favicon"] }).notNull(),
  contentType: text("content_type").notNull(),
  data: blob("data", { mode: "buffer" }).notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  ownerId: text("owner_id"),
  createdAt: timestamp("created_at").notNull(),
});

// Site settings as typed JSON values under known keys (see app/services/settings.server.ts).
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: timestamp("updated_at").notNull(),
});

export const webhooks = sqliteTable("webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  events: text("events", { mode: "json" }).$type<string[]>().notNull(),
  active: flag("active").notNull().default(true),
  createdAt: timestamp("created_at").notNull(),
});

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    event: text("event").notNull(),
    attempt: integer("attempt").notNull(),
    ok: flag("ok").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [index("webhook_deliveries_webhook_idx").on(t.webhookId, t.id)],
);

// The durable outbox: search sync, mail and webhook deliveries are queued here inside the
// transaction that caused them, and drained by app/jobs.
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    runAfter: timestamp("run_after").notNull(),
    lockedUntil: timestamp("locked_until"),
    lastError: text("last_error"),
    // When last_error was recorded, so admins see the latest failure, not just any.
    failedAt: timestamp("failed_at"),
    createdAt: timestamp("created_at").notNull(),
    doneAt: timestamp("done_at"),
  },
  (t) => [
    index("jobs_pending_idx").on(t.kind, t.runAfter).where(sql`done_at IS NULL`),
  ],
);

// Fixed-window counters for throttling (sign-in per account and per IP, posting per user).
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  resetAt: timestamp("reset_at").notNull(),
});

// One row per visit to the ask page: the deflection figure counts those that opened a
// suggestion and never posted.
export const askSessions = sqliteTable(
  "ask_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id),
    startedAt: timestamp("started_at").notNull(),
    // The server issues a session with every ask page; it counts as a visit once suggestions were
    // shown (or a question was posted), so pages opened and left at once are not visits.
    suggestedAt: timestamp("suggested_at"),
    openedSuggestionAt: timestamp("opened_suggestion_at"),
    postedThreadId: integer("posted_thread_id"),
  },
  (t) => [index("ask_sessions_started_idx").on(t.startedAt)],
);

// The threads suggested to an ask session: an opening counts only for one of these, and once.
export const askSuggestions = sqliteTable(
  "ask_suggestions",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => askSessions.id, { onDelete: "cascade" }),
    // No foreign key: suggestions come from the search index, which can name an id this database
    // lacks (a stale or foreign index), and recording what was shown must never fail the ask page.
    threadId: integer("thread_id").notNull(),
    shownAt: timestamp("shown_at").notNull(),
    openedAt: timestamp("opened_at"),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.threadId] })],
);

export const widgetEvents = sqliteTable(
  "widget_events",
  {
    day: text("day").notNull(),
    origin: text("origin").notNull(),
    event: text("event").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.origin, t.event] })],
);

// What a guest's cached page was drawn from (app/utils/page-cache.server.ts): a counter per scope
// ("site", "lists", "t:<thread id>", "u:<user id>"), raised by triggers (migration 0008) on every
// write that changes what a guest sees, whichever process or command makes it.
export const pageVersions = sqliteTable("page_versions", {
  scope: text("scope").primaryKey(),
  version: integer("version").notNull(),
});

export type User = typeof users.$inferSelect;
export type Category = typeof categories.$inferSelect;
export type Thread = typeof threads.$inferSelect;
export type Post = typeof posts.$inferSelect;
