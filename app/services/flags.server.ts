import { and, count, eq, isNull, ne } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { flags, posts, users } from "@db/schema";
import { can, hasRole, isSuspended, type Actor } from "~/auth/permissions";
import { FlagInputSchema } from "~/schemas/moderation.server";
import { fieldErrors } from "~/utils/forms";
import { Conflict, Forbidden, Invalid, NotFound } from "./errors";
import { enqueueSearchSync } from "./search-outbox.server";
import { getSettings } from "./settings.server";
import { findVisibleThread, type Deps } from "./thread-access.server";

/** Open flags that count towards hiding a post: "personal data" goes to moderators without hiding by count. */
function countHidingFlags(tx: Db, postId: number): number {
  return (
    tx
      .select({ n: count() })
      .from(flags)
      .where(and(eq(flags.postId, postId), isNull(flags.reviewedAt), ne(flags.reason, "personal_data")))
      .get()?.n ?? 0
  );
}

/**
 * A signed-in member flags a live post they can read, once per post and never their own (a
 * suspended member cannot). When open flags from `flagHideThreshold` distinct members stand
 * on a post it is hidden pending review and leaves search; a staff member's post and the reason
 * "personal data" hide nothing by count (the queue lists them first instead). Flagging works on
 * locked threads too: abuse is still abuse there.
 */
export function flagPost(
  deps: Deps,
  actor: Actor | null,
  postId: number,
  input: { reason?: unknown; note?: unknown },
  { threadId }: { threadId?: number } = {},
): { hidden: boolean } {
  const { db, clock } = deps;
  if (!actor) throw new Forbidden("Sign in first.");
  const now = clock.now();
  if (isSuspended(actor, now) && !hasRole(actor, "moderator")) throw new Forbidden("Your account is suspended, so you cannot flag posts for now.");
  const post = db.select().from(posts).where(eq(posts.id, postId)).get();
  // A post is only flagged from its own thread's page: another thread's id is not found here.
  if (!post || post.deletedAt || (threadId !== undefined && post.threadId !== threadId)) throw new NotFound("No such post");
  findVisibleThread(db, post.threadId, actor);
  if (post.authorId === actor.id) throw new Forbidden("You cannot flag your own post.");
  if (!can(actor, "flag", { authorId: post.authorId }, now)) throw new Forbidden("You are not allowed to flag posts.");
  const parsed = FlagInputSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const author = db.select({ role: users.role }).from(users).where(eq(users.id, post.authorId)).get();
  const threshold = getSettings(deps).flagHideThreshold;

  return transaction(db, (tx) => {
    const inserted = tx
      .insert(flags)
      .values({ postId, userId: actor.id, reason: parsed.data.reason, note: parsed.data.note, createdAt: now })
      .onConflictDoNothing()
      .run();
    if (inserted.changes === 0) throw new Conflict("You have already flagged this post.");
    const byCount = author?.role === "member" && parsed.data.reason !== "personal_data";
    if (!byCount || post.hiddenAt || countHidingFlags(tx, postId) < threshold) return { hidden: false };
    tx.update(posts).set({ hiddenAt: now, hiddenReason: "flags", hiddenBy: null }).where(eq(posts.id, postId)).run();
    enqueueSearchSync(tx, clock, post.threadId);
    return { hidden: true };
  });
}
