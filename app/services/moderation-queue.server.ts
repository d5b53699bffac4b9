import { and, count, desc, eq, exists, inArray, isNull, sql } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { flags, posts, threads, users } from "@db/schema";
import { can, canActOnUser, type Actor } from "~/auth/permissions";
import { recordAudit } from "./audit-log.server";
import { Conflict, Forbidden, NotFound } from "./errors";
import { createNotifications } from "./notifications.server";
import { deletePost } from "./posts.server";
import { enqueueSearchSync } from "./search-outbox.server";
import { applySuspension, checkSuspension } from "./suspensions.server";
import type { Deps } from "./thread-access.server";

/** The most open flags the queue reads at once; a backlog past it shows as moderators work through it. */
const OPEN_FLAGS_READ = 2000;

/** The open-flag count in the staff navigation: one COUNT over the partial index of open flags. */
export function countOpenFlags({ db }: { db: Db }): number {
  return db.select({ n: count() }).from(flags).where(isNull(flags.reviewedAt)).get()?.n ?? 0;
}

/**
 * Open flags grouped by post for moderators: priority first (a "personal data" flag, or a post
 * by staff, which flags never hide by count), then the newest flag first. Each item carries the
 * post (sanitized HTML, even when hidden), its thread, every flagger with reason and note, and
 * its author's history (posts written, posts with upheld flags) — a fixed number of queries.
 */
export function listFlagQueue({ db }: { db: Db }, viewer: Actor | null, { limit = 30 }: { limit?: number } = {}) {
  if (!can(viewer, "reviewFlags")) throw new Forbidden("The moderation queue is for moderators.");
  // Open flags are few (moderators keep up); read them newest first off the partial index, and
  // group them here rather than GROUP BY, which would scan every flag ever raised.
  const open = db
    .select({ postId: flags.postId, reason: flags.reason, createdAt: flags.createdAt, authorRole: posts.authorRole })
    .from(flags)
    .innerJoin(posts, eq(posts.id, flags.postId))
    .where(isNull(flags.reviewedAt))
    .orderBy(desc(flags.createdAt))
    .limit(OPEN_FLAGS_READ)
    .all();
  const byPost = new Map<number, { postId: number; latest: number; priority: boolean }>();
  for (const flag of open) {
    const group = byPost.get(flag.postId) ?? { postId: flag.postId, latest: flag.createdAt.getTime(), priority: false };
    group.priority ||= flag.reason === "personal_data" || flag.authorRole !== "member";
    byPost.set(flag.postId, group);
  }
  const groups = [...byPost.values()]
    .sort((a, b) => Number(b.priority) - Number(a.priority) || b.latest - a.latest || b.postId - a.postId)
    .slice(0, limit);
  if (groups.length === 0) return [];
  const postIds = groups.map((group) => group.postId);
  const postRows = db
    .select({
      id: posts.id,
      position: posts.position,
      bodyHtml: posts.bodyHtml,
      createdAt: posts.createdAt,
      hiddenAt: posts.hiddenAt,
      hiddenReason: posts.hiddenReason,
      deletedAt: posts.deletedAt,
      authorId: posts.authorId,
      authorRole: posts.authorRole,
      threadId: threads.id,
      threadSlug: threads.slug,
      threadTitle: threads.title,
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(inArray(posts.id, postIds))
    .all();
  const flagRows = db
    .select({ postId: flags.postId, reason: flags.reason, note: flags.note, createdAt: flags.createdAt, handle: users.handle, displayName: users.displayName })
    .from(flags)
    .innerJoin(users, eq(users.id, flags.userId))
    .where(and(inArray(flags.postId, postIds), isNull(flags.reviewedAt)))
    .orderBy(desc(flags.createdAt))
    .all();
  const authorIds = [...new Set(postRows.map((post) => post.authorId))];
  const authors = db
    .select({ id: users.id, handle: users.handle, displayName: users.displayName, role: users.role, createdAt: users.createdAt, suspendedUntil: users.suspendedUntil })
    .from(users)
    .where(inArray(users.id, authorIds))
    .all();
  const postCounts = db
    .select({ authorId: posts.authorId, n: count() })
    .from(posts)
    .where(inArray(posts.authorId, authorIds))
    .groupBy(posts.authorId)
    .all();
  // Driven from the authors' posts (posts_author_idx), each checked through flags_post_user_idx.
  const upheldCounts = db
    .select({ authorId: posts.authorId, n: count() })
    .from(posts)
    .where(
      and(
        inArray(posts.authorId, authorIds),
        exists(db.select({ one: sql`1` }).from(flags).where(and(eq(flags.postId, posts.id), eq(flags.resolution, "agreed")))),
      ),
    )
    .groupBy(posts.authorId)
    .all();
  const postById = new Map(postRows.map((post) => [post.id, post]));
  const authorById = new Map(authors.map((author) => [author.id, author]));
  const postsBy = new Map(postCounts.map((row) => [row.authorId, row.n]));
  const upheldBy = new Map(upheldCounts.map((row) => [row.authorId, row.n]));
  return groups.flatMap((group) => {
    const post = postById.get(group.postId);
    const author = post && authorById.get(post.authorId);
    if (!post || !author) return [];
    return [
      {
        post,
        priority: group.priority,
        flags: flagRows.filter((flag) => flag.postId === post.id),
        author: { ...author, postCount: postsBy.get(author.id) ?? 0, upheldFlagCount: upheldBy.get(author.id) ?? 0 },
      },
    ];
  });
}

export interface FlagDecision {
  decision: "agree" | "disagree";
  /** What agreeing does to the post. */
  outcome?: "hide" | "delete";
  /** Agreeing may also suspend the author. */
  suspend?: { until: Date; reason: unknown } | null;
}

/**
 * A moderator reviews the open flags on a post. Agreeing hides the post (or deletes it) and may
 * suspend its author; disagreeing restores a post that flags hid. Either way every open flag on
 * the post closes with the decision, each flagger is told, and one audit entry records it (a
 * suspension writes its own). A moderator cannot act against an admin's or another moderator's
 * post, but may dismiss flags on it.
 */
export function resolveFlags(deps: Deps, actor: Actor | null, postId: number, decision: FlagDecision): void {
  const { db, clock } = deps;
  if (!actor || !can(actor, "reviewFlags", {}, clock.now())) throw new Forbidden("Only moderators review flags.");
  const post = db.select().from(posts).where(eq(posts.id, postId)).get();
  if (!post) throw new NotFound("No such post");
  const open = db.select({ userId: flags.userId }).from(flags).where(and(eq(flags.postId, postId), isNull(flags.reviewedAt))).all();
  if (open.length === 0) throw new Conflict("These flags were already reviewed.");
  const author = db.select().from(users).where(eq(users.id, post.authorId)).get()!;
  const agree = decision.decision === "agree";
  if (agree && author.id !== actor.id && !canActOnUser(actor, author)) throw new Forbidden("A moderator cannot act against an admin's or another moderator's post.");
  const suspension = agree && decision.suspend ? checkSuspension(deps, actor, author.id, decision.suspend) : null;
  const outcome = agree ? (decision.outcome ?? "hide") : post.hiddenReason === "flags" ? "restore" : "keep";
  const now = clock.now();

  transaction(db, (tx) => {
    if (outcome === "delete" && !post.deletedAt) {
      // The queue's own entry ("flags.agreed") records the deletion.
      deletePost({ db: tx, clock }, actor, postId, { audit: false });
    } else if (outcome === "hide" && !post.deletedAt) {
      tx.update(posts).set({ hiddenAt: post.hiddenAt ?? now, hiddenReason: "moderator", hiddenBy: actor.id }).where(eq(posts.id, postId)).run();
      enqueueSearchSync(tx, clock, post.threadId);
    } else if (outcome === "restore") {
      tx.update(posts).set({ hiddenAt: null, hiddenReason: null, hiddenBy: null }).where(eq(posts.id, postId)).run();
      enqueueSearchSync(tx, clock, post.threadId);
    }
    tx.update(flags)
      .set({ reviewedAt: now, reviewedBy: actor.id, resolution: agree ? "agreed" : "disagreed" })
      .where(and(eq(flags.postId, postId), isNull(flags.reviewedAt)))
      .run();
    createNotifications(
      tx,
      clock,
      open.map((flag) => ({ userId: flag.userId, kind: agree ? ("flag_agreed" as const) : ("flag_disagreed" as const), threadId: post.threadId, postId, actorId: actor.id })),
    );
    recordAudit(tx, clock, {
      actorId: actor.id,
      action: agree ? "flags.agreed" : "flags.disagreed",
      threadId: post.threadId,
      postId,
      targetUserId: author.id,
      details: { flags: open.length, outcome },
    });
    if (suspension) applySuspension(tx, clock, actor, suspension.target, decision.suspend!.until, suspension.reason);
  });
}
