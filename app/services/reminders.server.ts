import { and, eq, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { threads, users } from "@db/schema";
import type { Clock } from "~/utils/clock";
import { enqueueMail } from "./mail-outbox.server";
import { createNotifications } from "./notifications.server";
import { getSettings } from "./settings.server";
import { threadPagePath } from "~/utils/post-paths";

const DAY_MS = 24 * 60 * 60_000;
const BATCH = 200;

/**
 * Asks each asker once "Did this solve it?" when their question has had answers for
 * `reminderDays` (a site setting) and none is accepted: in-app and by mail, unless they switched
 * reminders off. The thread is marked either way, so nobody is asked twice. Returns the threads marked.
 */
export function sweepReminders({ db, clock, env }: { db: Db; clock: Clock; env: { PUBLIC_URL: string } }): number[] {
  const { reminderDays } = getSettings({ db });
  const marked: number[] = [];
  for (;;) {
    const batch = transaction(db, (tx) => {
      const now = clock.now();
      const due = tx
        .select({ id: threads.id })
        .from(threads)
        .where(
          and(
            isNull(threads.reminderSentAt),
            isNull(threads.acceptedPostId),
            isNotNull(threads.firstResponseAt),
            lte(threads.firstResponseAt, new Date(now.getTime() - reminderDays * DAY_MS)),
            inArray(threads.status, ["open", "answered"]),
            inArray(threads.kind, ["question", "problem"]),
            eq(threads.hidden, false),
          ),
        )
        .limit(BATCH);
      const rows = tx
        .update(threads)
        .set({ reminderSentAt: now })
        .where(and(inArray(threads.id, due), isNull(threads.reminderSentAt)))
        .returning({ id: threads.id, title: threads.title, slug: threads.slug, authorId: threads.authorId })
        .all();
      if (rows.length === 0) return rows;
      const askers = new Map(
        tx
          .select({ id: users.id, email: users.email, displayName: users.displayName, emailReminders: users.emailReminders })
          .from(users)
          .where(inArray(users.id, [...new Set(rows.map((row) => row.authorId))]))
          .all()
          .map((user) => [user.id, user]),
      );
      const wanted = rows.filter((row) => askers.get(row.authorId)?.emailReminders);
      createNotifications(tx, clock, wanted.map((row) => ({ userId: row.authorId, kind: "reminder" as const, threadId: row.id })));
      for (const row of wanted) {
        const asker = askers.get(row.authorId)!;
        enqueueMail(tx, clock, {
          to: asker.email,
          subject: `Did this solve it? ${row.title}`,
          text:
            `Hello ${asker.displayName},\n\nYour question "${row.title}" has answers. If one of them solved it, ` +
            `please mark it as the accepted answer so others with the same problem find it:\n` +
            `${env.PUBLIC_URL}${threadPagePath(row)}#answers\n\n` +
            `You can switch these reminders off: ${env.PUBLIC_URL}/account\n`,
        });
      }
      return rows;
    });
    marked.push(...batch.map((row) => row.id));
    if (batch.length < BATCH) return marked;
  }
}

/** Switches a user's "Did this solve it?" reminders on or off. */
export function setReminderPreference({ db }: { db: Db }, userId: string, enabled: boolean): void {
  db.update(users).set({ emailReminders: enabled }).where(eq(users.id, userId)).run();
}

export function getReminderPreference({ db }: { db: Db }, userId: string): boolean {
  return db.select({ on: users.emailReminders }).from(users).where(eq(users.id, userId)).get()?.on ?? true;
}
