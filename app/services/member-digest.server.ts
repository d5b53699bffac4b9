import { aliasedTable, and, asc, eq, gt, inArray, isNull, lt, or } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { notifications, posts, threads, users } from "@db/schema";
import { enqueueMail } from "./mail-outbox.server";
import { digestMail } from "./member-mail-content.server";
import {
  isPublicPost,
  mailableMember,
  mailableRecipients,
  mailEntry,
  mailFrame,
  mailKindsFor,
  wantedKind,
  type MailDeps,
  type Recipient,
} from "./member-mail.server";

const DAY_MS = 24 * 60 * 60_000;
const BATCH = 200;

/** Midnight UTC of `now`'s day: a digest goes out once per UTC day, on the first sweep after it. */
export function digestDayStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
}

/** Members on the daily digest who have not had today's yet and may be mailed. */
function dueMembers(db: Db, now: Date, after: string): string[] {
  return db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.emailDelivery, "daily"),
        or(isNull(users.lastDigestAt), lt(users.lastDigestAt, digestDayStart(now))),
        mailableMember(now),
        gt(users.id, after),
      ),
    )
    .orderBy(asc(users.id))
    .limit(BATCH)
    .all()
    .map((row) => row.id);
}

const actors = aliasedTable(users, "actors");

/**
 * The events a digest lists: the member's in-app notifications of answers and accepted answers
 * since `since`, of the kinds they want, about posts anyone may still read (one hidden or deleted
 * since is left out), oldest first.
 */
export function digestEntries(deps: MailDeps, recipient: Recipient, since: Date, until: Date) {
  const rows = deps.db
    .select({ kind: notifications.kind, post: posts, thread: threads, actorName: actors.displayName })
    .from(notifications)
    .innerJoin(posts, eq(posts.id, notifications.postId))
    .innerJoin(threads, eq(threads.id, notifications.threadId))
    .leftJoin(actors, eq(actors.id, notifications.actorId))
    .where(
      and(
        eq(notifications.userId, recipient.id),
        inArray(notifications.kind, ["answer", "accepted"]),
        gt(notifications.createdAt, since),
        lt(notifications.createdAt, new Date(until.getTime() + 1)),
      ),
    )
    .orderBy(asc(notifications.id))
    .all();
  return rows.flatMap(({ kind, post, thread, actorName }) => {
    if (!isPublicPost(deps.db, thread, post)) return [];
    const kinds = mailKindsFor({ notification: kind as "answer" | "accepted", recipientId: recipient.id, threadAuthorId: thread.authorId, official: post.official });
    const wanted = wantedKind(recipient.preferences, kinds);
    return wanted ? [mailEntry(deps.env.PUBLIC_URL, wanted, thread, post, actorName ?? "Someone")] : [];
  });
}

/**
 * Sends the day's digest to every member who chose it: one mail listing what happened since their
 * last one (nothing is mailed when nothing happened). Each member is marked and mailed in one
 * immediate transaction that first checks the mark, so two processes sweeping at once, or a sweep
 * run twice, never send a member two digests for the same day. Returns how many were queued.
 */
export function sendDailyDigests(deps: MailDeps): { digests: number; members: number } {
  let digests = 0;
  let members = 0;
  let after = "";
  for (;;) {
    const ids = dueMembers(deps.db, deps.clock.now(), after);
    for (const id of ids) {
      const sent = transaction(deps.db, (tx) => {
        const now = deps.clock.now();
        const mark = tx.select({ lastDigestAt: users.lastDigestAt }).from(users).where(eq(users.id, id)).get();
        if (!mark || (mark.lastDigestAt && mark.lastDigestAt >= digestDayStart(now))) return null;
        const [recipient] = mailableRecipients(tx, now, [id]);
        if (!recipient || recipient.preferences.delivery !== "daily") return null;
        tx.update(users).set({ lastDigestAt: now }).where(eq(users.id, id)).run();
        const since = mark.lastDigestAt ?? new Date(now.getTime() - DAY_MS);
        const txDeps = { ...deps, db: tx };
        const entries = digestEntries(txDeps, recipient, since, now);
        if (entries.length > 0) enqueueMail(tx, deps.clock, digestMail(mailFrame(txDeps, recipient, "all"), entries));
        return entries.length > 0;
      });
      if (sent !== null) members += 1;
      if (sent) digests += 1;
    }
    if (ids.length < BATCH) return { digests, members };
    after = ids[ids.length - 1]!;
  }
}
