import { and, eq, inArray, isNotNull, isNull, lte, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { completeJobs, enqueueJob, type QueuedJob } from "@db/job-queue.server";
import { posts, users } from "@db/schema";
import type { EmailPreferences, MemberMailKind } from "~/domain/member-mail";
import type { Clock } from "~/utils/clock";
import { toPlainText } from "~/utils/markdown.server";
import { postPath } from "~/utils/post-paths";
import { preparedQuery } from "~/utils/prepared-queries.server";
import { enqueueMails } from "./mail-outbox.server";
import { eventMail, excerptOf, type MailEntry, type MailFrame } from "./member-mail-content.server";
import { getSettings } from "./settings.server";
import { isThreadDeleted, threadById } from "./thread-access.server";
import { unsubscribeUrl } from "./unsubscribe.server";

/** What writing member email needs: links are absolute, from the configured PUBLIC_URL. */
export interface MailDeps {
  db: Db;
  clock: Clock;
  env: { PUBLIC_URL: string };
}

/**
 * THE rule for who may receive member email, and the only place it is written: an account that is
 * not deleted, not suspended now, and whose address was confirmed (an unconfirmed address may be
 * someone else's, and a forum must not become a way to mail strangers). Instant mail and the
 * digest both select recipients through it.
 */
export function mailableMember(now: Date | SQLWrapper): SQL {
  return and(
    isNull(users.deletedAt),
    isNotNull(users.emailVerifiedAt),
    or(isNull(users.suspendedUntil), lte(users.suspendedUntil, now)),
  )!;
}

export interface Recipient {
  id: string;
  email: string;
  displayName: string;
  preferences: EmailPreferences;
}

const recipientColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  answer: users.emailOnAnswer,
  accepted: users.emailOnAccepted,
  staff_answer: users.emailOnStaffAnswer,
  delivery: users.emailDelivery,
};

function toRecipient({ id, email, displayName, ...preferences }: { id: string; email: string; displayName: string } & EmailPreferences): Recipient {
  return { id, email, displayName, preferences };
}

/** The members among `ids` who may be mailed now (see mailableMember). */
export function mailableRecipients(db: Db, now: Date, ids: string[]): Recipient[] {
  if (ids.length === 0) return [];
  return db
    .select(recipientColumns)
    .from(users)
    .where(and(inArray(users.id, [...new Set(ids)]), mailableMember(now)))
    .all()
    .map(toRecipient);
}

/**
 * mailableRecipients through one statement prepared per connection, the ids going as one JSON
 * text (a thread's followers are any number): each answer posted asks inside its write (issue 14).
 */
function mailableRecipientsPrepared(db: Db, now: Date, ids: string[]): Recipient[] {
  return preparedQuery(db, "mailableRecipients", () =>
    db
      .select(recipientColumns)
      .from(users)
      .where(and(sql`${users.id} IN (SELECT value FROM json_each(${sql.placeholder("ids")}))`, mailableMember(sql.placeholder("now"))))
      .prepare(),
  )
    .all({ ids: JSON.stringify([...new Set(ids)]), now: now.getTime() })
    .map(toRecipient);
}

/**
 * Which kinds of member email an event is for its recipient, best first: an answer in their own
 * question is an "answer" (and a "staff answer" when staff wrote it, for askers who want only
 * those); in a thread they merely follow, only a staff answer is mailed; an accepted answer is
 * "accepted". Other answers in followed threads stay in-app notifications.
 */
export function mailKindsFor(event: { notification: "answer" | "accepted"; recipientId: string; threadAuthorId: string; official: boolean }): MemberMailKind[] {
  if (event.notification === "accepted") return ["accepted"];
  const kinds: MemberMailKind[] = [];
  if (event.recipientId === event.threadAuthorId) kinds.push("answer");
  if (event.official) kinds.push("staff_answer");
  return kinds;
}

/** The first of `kinds` the member wants. */
export function wantedKind(preferences: EmailPreferences, kinds: MemberMailKind[]): MemberMailKind | undefined {
  return kinds.find((kind) => preferences[kind]);
}

interface PostForMail {
  id: number;
  threadId: number;
  position: number;
  bodyHtml: string;
  official: boolean;
  hiddenAt: Date | null;
  deletedAt: Date | null;
}

interface ThreadForMail {
  id: number;
  slug: string;
  title: string;
  authorId: string;
  acceptedPostId: number | null;
  hidden: boolean;
}

/** Whether anyone may read the post now: nothing hidden or deleted is ever mailed. */
export function isPublicPost(db: Db, thread: ThreadForMail, post: PostForMail): boolean {
  return !thread.hidden && !post.hiddenAt && !post.deletedAt && !isThreadDeleted(db, thread.id);
}

/** The mail's view of one event. */
export function mailEntry(publicUrl: string, kind: MemberMailKind, thread: ThreadForMail, post: PostForMail, actorName: string): MailEntry {
  return {
    kind,
    thread: { title: thread.title },
    actorName,
    excerpt: excerptOf(toPlainText(post.bodyHtml)),
    url: `${publicUrl}${postPath(thread, post)}`,
  };
}

export function mailFrame(deps: MailDeps, recipient: Recipient, unsubscribeScope: MemberMailKind | "all"): MailFrame {
  return {
    to: recipient.email,
    recipientName: recipient.displayName,
    siteName: getSettings(deps).siteName,
    publicUrl: deps.env.PUBLIC_URL,
    unsubscribeUrl: unsubscribeUrl(deps.db, deps.env.PUBLIC_URL, recipient.id, unsubscribeScope),
  };
}

/** The mails of one answer or acceptance, composed by a job after the write: see queueMemberMails. */
export const MEMBER_MAIL_JOB = "member-mail.compose";

export interface MemberMailEvent {
  notification: "answer" | "accepted";
  postId: number;
  actorId: string;
  recipientIds: string[];
}

/**
 * Inside the transaction that wrote `postId` (an answer) or accepted it: queues the mails to each
 * member the event concerns, who want this kind one by one. Members on the daily digest get it there
 * (it reads the in-app notifications the same write made). Nobody is mailed about their own act.
 * The write only queues the event: the mails are composed by a job (composeMemberMails), because
 * composing them inside the write held the write lock every process waits for, per follower (issue
 * 14: a third of an answer's transaction with a handful of followers, and a thread followed by
 * thousands would have held it for as long as their mails took to write).
 */
export function queueMemberMails(tx: Db, { clock }: Pick<MailDeps, "clock">, event: MemberMailEvent): void {
  const recipientIds = event.recipientIds.filter((id) => id !== event.actorId);
  if (recipientIds.length === 0) return;
  enqueueJob(tx, clock, MEMBER_MAIL_JOB, { ...event, recipientIds } satisfies MemberMailEvent);
}

/**
 * The queued events' mails, written to the outbox in one transaction with the events marked done.
 * Who gets what is decided now, not when the event was queued: a post hidden or deleted since, or a
 * member who switched the mail off or was suspended meanwhile, is not mailed.
 */
export function composeMemberMails(deps: MailDeps, eventJobs: QueuedJob[]): number {
  return transaction(deps.db, (tx) => {
    let queued = 0;
    for (const job of eventJobs) queued += composeEventMails(tx, deps, job.payload as MemberMailEvent);
    completeJobs({ db: tx, clock: deps.clock }, eventJobs.map((job) => job.id));
    return queued;
  });
}

function composeEventMails(tx: Db, deps: MailDeps, event: MemberMailEvent): number {
  const post = preparedQuery(tx, "postById", () => tx.select().from(posts).where(eq(posts.id, sql.placeholder("postId"))).prepare()).get({ postId: event.postId });
  if (!post) return 0;
  const thread = threadById(tx, post.threadId);
  if (!thread || !isPublicPost(tx, thread, post)) return 0;
  const others = event.recipientIds.filter((id) => id !== event.actorId);
  if (others.length === 0) return 0;
  const actorName =
    preparedQuery(tx, "userDisplayName", () => tx.select({ name: users.displayName }).from(users).where(eq(users.id, sql.placeholder("userId"))).prepare()).get({
      userId: event.actorId,
    })?.name ?? "Someone";
  const messages = mailableRecipientsPrepared(tx, deps.clock.now(), others).flatMap((recipient) => {
    if (recipient.preferences.delivery !== "instant") return [];
    const kinds = mailKindsFor({ notification: event.notification, recipientId: recipient.id, threadAuthorId: thread.authorId, official: post.official });
    const kind = wantedKind(recipient.preferences, kinds);
    if (!kind) return [];
    return [eventMail(mailFrame({ ...deps, db: tx }, recipient, kind), mailEntry(deps.env.PUBLIC_URL, kind, thread, post, actorName))];
  });
  enqueueMails(tx, deps.clock, messages);
  return messages.length;
}
