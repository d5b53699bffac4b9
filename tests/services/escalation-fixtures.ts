import { eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { categories, posts, threads, type Category, type User } from "@db/schema";
import { escalationDueAt, recordResponse } from "~/services/escalation.server";
import { getSettings } from "~/services/settings.server";
import type { Clock } from "~/utils/clock";

let counter = 0;

/** A category of its own, so tests never share windows. */
export function makeCategory(
  { db, clock }: { db: Db; clock: Clock },
  options: Partial<Pick<Category, "escalateAfterMinutes" | "escalationEnabled" | "escalationClock">> = {},
): Category {
  counter += 1;
  return db
    .insert(categories)
    .values({ slug: `cat-${process.pid}-${counter}`, name: `Category ${counter}`, createdAt: clock.now(), ...options })
    .returning()
    .get();
}

/** A thread asked now, its deadline computed as createThread computes it. */
export function askThread({ db, clock }: { db: Db; clock: Clock }, asker: Pick<User, "id">, category: Category, title = "My phone will not connect") {
  const now = clock.now();
  return transaction(db, (tx) => {
    const thread = tx
      .insert(threads)
      .values({
        categoryId: category.id,
        authorId: asker.id,
        kind: "question",
        title,
        slug: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
        escalationDueAt: escalationDueAt(category, getSettings({ db: tx }), now),
        lastActivityAt: now,
        createdAt: now,
      })
      .returning()
      .get();
    tx.insert(posts).values({ threadId: thread.id, authorId: asker.id, position: 1, bodyMd: "help", bodyHtml: "<p>help</p>", createdAt: now }).run();
    return thread;
  });
}

/** A post in the thread, recorded as a response the way issue 3's createAnswer does. */
export function answer({ db, clock }: { db: Db; clock: Clock }, threadId: number, author: Pick<User, "id" | "role">) {
  transaction(db, (tx) => {
    const thread = tx.select().from(threads).where(eq(threads.id, threadId)).get()!;
    const position = thread.replyCount + 2;
    tx.insert(posts)
      .values({ threadId, authorId: author.id, position, bodyMd: "try this", bodyHtml: "<p>try this</p>", authorRole: author.role, official: author.role !== "member", createdAt: clock.now() })
      .run();
    tx.update(threads).set({ replyCount: thread.replyCount + 1 }).where(eq(threads.id, threadId)).run();
    recordResponse(tx, clock, thread, author);
  });
}

export function readThread(db: Db, id: number) {
  return db.select().from(threads).where(eq(threads.id, id)).get()!;
}
