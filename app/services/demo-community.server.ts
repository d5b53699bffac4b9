import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import {
  askSessions,
  badges,
  categories,
  flags,
  follows,
  meToo,
  notifications,
  postRevisions,
  posts,
  sessions,
  settings,
  threads,
  users,
  votes,
} from "@db/schema";
import { SEED_CATEGORIES, SEED_SETTINGS, SEED_USERS } from "@db/seed-data";
import { can, type Actor } from "~/auth/permissions";
import { DEMO_REMOVAL_PHRASE } from "~/domain/demo-community";
import type { Clock } from "~/utils/clock";
import { REPUTATION } from "~/utils/badges";
import { recordAudit } from "./audit-log.server";
import { Conflict, Forbidden, Invalid } from "./errors";
import { changeAcceptedCount, changeAnswerCount, changeReputation } from "./reputation.server";
import { enqueueSearchSync } from "./search-outbox.server";
import { withdrawEverythingGivenBy } from "./votes.server";


const DEMO_EMAILS = SEED_USERS.map((user) => user.email);
const DEMO_SLUGS = SEED_CATEGORIES.map((category) => category.slug);

function demoUserIds(db: Db): string[] {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.email, DEMO_EMAILS), isNull(users.deletedAt)))
    .all()
    .map((row) => row.id);
}

/** How much of the demo community is still here (accounts, their threads, its categories), or null when none is. */
export function findDemoCommunity({ db }: { db: Db }) {
  const userIds = demoUserIds(db);
  const threadCount = userIds.length ? (db.select({ n: sql<number>`count(*)` }).from(threads).where(inArray(threads.authorId, userIds)).get()?.n ?? 0) : 0;
  const categoryCount = db.select({ n: sql<number>`count(*)` }).from(categories).where(inArray(categories.slug, DEMO_SLUGS)).get()?.n ?? 0;
  if (!userIds.length && !categoryCount) return null;
  return { accounts: userIds.length, threads: threadCount, categories: categoryCount };
}

/**
 * Takes back what the demo's threads gave the members who answered in them, as deleting each reply
 * would (see deletePost): helpful votes' reputation, the answer count, and an accepted answer's
 * reputation and count (badges, once earned, stay). Deleted replies gave theirs back already.
 */
function withdrawCredit(tx: Db, clock: Clock, threadIds: number[]) {
  const replies = tx
    .select({ authorId: posts.authorId, helpfulCount: posts.helpfulCount, accepted: sql<number>`${posts.id} = ${threads.acceptedPostId}`, askerId: threads.authorId })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(and(inArray(posts.threadId, threadIds), sql`${posts.position} > 1`, isNull(posts.deletedAt)))
    .all();
  for (const reply of replies) {
    changeReputation(tx, reply.authorId, -REPUTATION.helpful * reply.helpfulCount);
    if (reply.authorId === reply.askerId) continue;
    changeAnswerCount(tx, reply.authorId, -1);
    if (reply.accepted) changeAcceptedCount(tx, clock, reply.authorId, -1);
  }
}

function deleteThreads(tx: Db, clock: Clock, threadIds: number[]) {
  if (!threadIds.length) return;
  withdrawCredit(tx, clock, threadIds);
  const postIds = tx.select({ id: posts.id }).from(posts).where(inArray(posts.threadId, threadIds)).all().map((row) => row.id);
  if (postIds.length) {
    tx.delete(votes).where(inArray(votes.postId, postIds)).run();
    tx.delete(flags).where(inArray(flags.postId, postIds)).run();
    tx.delete(postRevisions).where(inArray(postRevisions.postId, postIds)).run();
    tx.delete(notifications).where(inArray(notifications.postId, postIds)).run();
  }
  tx.delete(notifications).where(inArray(notifications.threadId, threadIds)).run();
  tx.delete(follows).where(inArray(follows.threadId, threadIds)).run();
  tx.delete(meToo).where(inArray(meToo.threadId, threadIds)).run();
  tx.delete(posts).where(inArray(posts.threadId, threadIds)).run();
  tx.delete(threads).where(inArray(threads.id, threadIds)).run();
  // The sync job finds each thread gone and drops it from the index.
  for (const id of threadIds) enqueueSearchSync(tx, clock, id);
}

/**
 * Deletes a demo account with what only it owns. One still referenced by the forum (a post in a
 * real member's thread, an entry in the append-only audit log) keeps its row, emptied of personal
 * data and unable to sign in, as deleted accounts are.
 */
function removeDemoAccount(tx: Db, clock: Clock, userId: string) {
  withdrawEverythingGivenBy(tx, clock, userId);
  tx.delete(follows).where(eq(follows.userId, userId)).run();
  tx.delete(notifications).where(or(eq(notifications.userId, userId), eq(notifications.actorId, userId))).run();
  tx.delete(badges).where(eq(badges.userId, userId)).run();
  tx.delete(flags).where(eq(flags.userId, userId)).run();
  tx.update(askSessions).set({ userId: null }).where(eq(askSessions.userId, userId)).run();
  tx.delete(sessions).where(eq(sessions.userId, userId)).run();
  try {
    // A savepoint: a foreign key still pointing at the account undoes only this delete.
    tx.transaction((inner) => void inner.delete(users).where(eq(users.id, userId)).run());
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "SQLITE_CONSTRAINT_FOREIGNKEY")) throw error;
    const short = userId.slice(0, 8);
    tx.update(users)
      .set({ email: `deleted-${userId}@invalid`, handle: `deleted-${short}`, displayName: "deleted user", passwordHash: "!", role: "member", deletedAt: clock.now() })
      .where(eq(users.id, userId))
      .run();
  }
}

/**
 * Removes the demo community in one step (admins only, with the typed phrase): the demo accounts,
 * every thread they started with all its replies, the demo categories left empty (one that now
 * holds a real member's thread stays), and the demo's site name and colours where still unchanged.
 * An admin signed in as a demo account is refused: removing it would lock them out.
 */
export function removeDemoCommunity(deps: { db: Db; clock: Clock }, actor: Actor, input: { confirmation: string }) {
  if (!can(actor, "editSettings")) throw new Forbidden("Only admins can remove the demo community.");
  if (input.confirmation.trim().toLowerCase() !== DEMO_REMOVAL_PHRASE) {
    throw new Invalid({ confirmation: `Type “${DEMO_REMOVAL_PHRASE}” to confirm` });
  }
  return transaction(deps.db, (tx) => {
    const userIds = demoUserIds(tx);
    if (userIds.includes(actor.id)) {
      throw new Invalid({ form: "You are signed in with a demo account, which this removes. Create your own admin account first (npm run user:create -- --role admin …), sign in with it, and try again." });
    }
    if (!findDemoCommunity({ db: tx })) throw new Conflict("There is no demo community to remove.");
    const threadIds = userIds.length ? tx.select({ id: threads.id }).from(threads).where(inArray(threads.authorId, userIds)).all().map((row) => row.id) : [];
    // A category counts the threads whose question is not deleted (see deletePost).
    const counted = new Map<number, number>();
    if (threadIds.length) {
      for (const row of tx
        .select({ categoryId: threads.categoryId, n: sql<number>`count(*)` })
        .from(threads)
        .innerJoin(posts, and(eq(posts.threadId, threads.id), eq(posts.position, 1), isNull(posts.deletedAt)))
        .where(inArray(threads.id, threadIds))
        .groupBy(threads.categoryId)
        .all()) {
        counted.set(row.categoryId, row.n);
      }
    }
    deleteThreads(tx, deps.clock, threadIds);
    for (const id of userIds) removeDemoAccount(tx, deps.clock, id);

    let categoriesRemoved = 0;
    for (const category of tx.select().from(categories).where(inArray(categories.slug, DEMO_SLUGS)).all()) {
      const held = tx.select({ n: sql<number>`count(*)` }).from(threads).where(eq(threads.categoryId, category.id)).get()?.n ?? 0;
      if (held === 0) {
        tx.delete(categories).where(eq(categories.id, category.id)).run();
        counted.delete(category.id);
        categoriesRemoved += 1;
      }
    }
    for (const [id, n] of counted) {
      tx.update(categories).set({ threadCount: sql`${categories.threadCount} - ${n}` }).where(eq(categories.id, id)).run();
    }
    for (const [key, value] of Object.entries(SEED_SETTINGS)) {
      tx.delete(settings).where(and(eq(settings.key, key), eq(settings.value, value))).run();
    }
    const removed = { accounts: userIds.length, threads: threadIds.length, categories: categoriesRemoved };
    recordAudit(tx, deps.clock, { actorId: actor.id, action: "demo.remove", details: removed });
    return removed;
  });
}
