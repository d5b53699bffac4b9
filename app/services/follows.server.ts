import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { follows } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import type { Clock } from "~/utils/clock";
import { preparedQuery } from "~/utils/prepared-queries.server";
import { findVisibleThread, type Deps } from "./thread-access.server";
import { Forbidden } from "./errors";

/** Adds a follower inside a write (an asker follows their own thread); repeats are harmless. */
export function addFollower(tx: Db, clock: Clock, userId: string, threadId: number): void {
  tx.insert(follows).values({ userId, threadId, createdAt: clock.now() }).onConflictDoNothing().run();
}

export function followerIds(db: Db, threadId: number): string[] {
  // Prepared once: every answer posted asks, inside its write (issue 14).
  return preparedQuery(db, "followerIds", () =>
    db.select({ userId: follows.userId }).from(follows).where(eq(follows.threadId, sql.placeholder("threadId"))).prepare(),
  )
    .all({ threadId })
    .map((row) => row.userId);
}

/** Anyone signed in may follow a thread they can read, to hear of new answers. */
export function followThread({ db, clock }: Deps, actor: Actor | null, threadId: number): void {
  if (!actor) throw new Forbidden("Sign in to follow threads.");
  findVisibleThread(db, threadId, actor);
  addFollower(db, clock, actor.id, threadId);
}

/** Stops notifications about a thread; unfollowing one you do not follow changes nothing. */
export function unfollowThread({ db }: Pick<Deps, "db">, actor: Actor | null, threadId: number): void {
  if (!actor) throw new Forbidden("Sign in to follow threads.");
  findVisibleThread(db, threadId, actor);
  db.delete(follows).where(and(eq(follows.userId, actor.id), eq(follows.threadId, threadId))).run();
}
