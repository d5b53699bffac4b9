// The demo community `npm start` loads into an empty database (and `npm run db:seed` on demand).
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "./client.server";
import { badges, categories, follows, posts, settings, threads, users, votes, meToo, type Role } from "./schema";
import { SEED_CATEGORIES, SEED_PASSWORD, SEED_SETTINGS, SEED_THREADS, SEED_USERS } from "./seed-data";
import { hashPassword } from "~/utils/passwords.server";
import { ACCEPTED_BADGES } from "~/utils/badges";
import { renderMarkdown } from "~/utils/markdown.server";
import { slugify } from "~/utils/slug";
import type { Clock } from "~/utils/clock";


const STAFF_ROLES = new Set<Role>(["staff", "moderator", "admin"]);
const HOUR = 60 * 60_000;

export interface SeedResult {
  password: string;
  accounts: { email: string; role: Role; handle: string; demoAs: string }[];
}

/** Loads the demo community unless the database already has members. */
export async function seedIfEmpty({ db, clock }: { db: Db; clock: Clock }): Promise<SeedResult | null> {
  const count = db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
  if (count > 0) return null;
  await seedDemo({ db, clock });
  return {
    password: SEED_PASSWORD,
    accounts: SEED_USERS.flatMap(({ email, role, handle, demoAs }) => (demoAs ? [{ email, role, handle, demoAs }] : [])),
  };
}

export async function seedDemo({ db, clock }: { db: Db; clock: Clock }): Promise<void> {
  const now = clock.now().getTime();
  const passwordHash = await hashPassword(SEED_PASSWORD);
  const earliest = new Date(now - 2100 * HOUR);

  db.transaction((tx) => {
    const userIds = new Map<string, { id: string; role: Role }>();
    for (const user of SEED_USERS) {
      const id = randomUUID();
      userIds.set(user.handle, { id, role: user.role });
      // Demo accounts count as verified: no reminder banner, and they may post when verification is required.
      tx.insert(users).values({ id, ...user, passwordHash, createdAt: earliest, emailVerifiedAt: earliest }).run();
    }
    for (const [key, value] of Object.entries(SEED_SETTINGS)) {
      tx.insert(settings).values({ key, value, updatedAt: earliest }).run();
    }
    const categoryIds = new Map<string, number>();
    SEED_CATEGORIES.forEach((category, position) => {
      const row = tx
        .insert(categories)
        .values({ ...category, escalateAfterMinutes: category.escalateAfterMinutes ?? null, position, createdAt: earliest })
        .returning({ id: categories.id })
        .get();
      categoryIds.set(category.slug, row.id);
    });
    const person = (handle: string) => {
      const found = userIds.get(handle);
      if (!found) throw new Error(`seed: unknown handle ${handle}`);
      return found;
    };

    // Oldest first, so ids grow with time as they do in a live forum.
    const ordered = [...SEED_THREADS].sort((a, b) => b.ageHours - a.ageHours);
    for (const seed of ordered) {
      const asker = person(seed.author);
      const createdAt = new Date(now - seed.ageHours * HOUR);
      const windowMinutes =
        SEED_CATEGORIES.find((c) => c.slug === seed.category)?.escalateAfterMinutes ?? 60;
      const thread = tx
        .insert(threads)
        .values({
          categoryId: categoryIds.get(seed.category)!,
          authorId: asker.id,
          kind: seed.kind,
          title: seed.title,
          slug: slugify(seed.title),
          escalationDueAt: new Date(createdAt.getTime() + windowMinutes * 60_000),
          lastActivityAt: createdAt,
          createdAt,
        })
        .returning({ id: threads.id })
        .get();
      // Askers follow their own threads, as createThread does, so demo askers hear of new answers.
      tx.insert(follows).values({ userId: asker.id, threadId: thread.id, createdAt }).run();
      tx.insert(posts)
        .values({
          threadId: thread.id,
          authorId: asker.id,
          authorRole: asker.role,
          position: 1,
          bodyMd: seed.body,
          bodyHtml: renderMarkdown(seed.body),
          createdAt,
        })
        .run();

      let lastActivityAt = createdAt;
      let firstResponse: { at: Date; byStaff: boolean } | null = null;
      let hasStaffReply = false;
      let voteTotal = 0;
      let acceptedPostId: number | null = null;
      const answers = [...seed.answers].sort((a, b) => a.afterMinutes - b.afterMinutes);
      answers.forEach((answer, index) => {
        const author = person(answer.author);
        const at = new Date(Math.min(now, createdAt.getTime() + answer.afterMinutes * 60_000));
        const isStaff = STAFF_ROLES.has(author.role);
        const helpful = (answer.helpful ?? []).filter((handle) => handle !== answer.author);
        const post = tx
          .insert(posts)
          .values({
            threadId: thread.id,
            authorId: author.id,
            authorRole: author.role,
            official: isStaff,
            position: index + 2,
            bodyMd: answer.body,
            bodyHtml: renderMarkdown(answer.body),
            helpfulCount: helpful.length,
            createdAt: at,
          })
          .returning({ id: posts.id })
          .get();
        for (const voter of helpful) tx.insert(votes).values({ userId: person(voter).id, postId: post.id, createdAt: at }).run();
        voteTotal += helpful.length;
        if (at > lastActivityAt) lastActivityAt = at;
        if (answer.author !== seed.author) {
          firstResponse ??= { at, byStaff: isStaff };
          if (isStaff) hasStaffReply = true;
          tx.update(users).set({ answerCount: sql`${users.answerCount} + 1` }).where(eq(users.id, author.id)).run();
        }
        if (helpful.length) {
          tx.update(users).set({ reputation: sql`${users.reputation} + ${2 * helpful.length}` }).where(eq(users.id, author.id)).run();
        }
        if (seed.acceptedAnswer !== undefined && seed.answers[seed.acceptedAnswer] === answer) {
          acceptedPostId = post.id;
          tx.update(users)
            .set({ reputation: sql`${users.reputation} + 15`, acceptedCount: sql`${users.acceptedCount} + 1` })
            .where(eq(users.id, author.id))
            .run();
        }
      });

      for (const handle of seed.meToo ?? []) {
        tx.insert(meToo).values({ userId: person(handle).id, threadId: thread.id, createdAt }).run();
        tx.insert(follows).values({ userId: person(handle).id, threadId: thread.id, createdAt }).onConflictDoNothing().run();
      }
      const response = firstResponse as { at: Date; byStaff: boolean } | null;
      const status = acceptedPostId ? "solved" : response ? "answered" : "open";
      tx.update(threads)
        .set({
          status,
          acceptedPostId,
          solvedAt: acceptedPostId ? lastActivityAt : null,
          firstResponseAt: response?.at ?? null,
          firstResponseByStaff: response?.byStaff ?? null,
          replyCount: answers.length,
          voteCount: voteTotal,
          meTooCount: seed.meToo?.length ?? 0,
          hasStaffReply,
          lastActivityAt,
        })
        .where(eq(threads.id, thread.id))
        .run();
      tx.update(categories)
        .set({ threadCount: sql`${categories.threadCount} + 1` })
        .where(eq(categories.id, categoryIds.get(seed.category)!))
        .run();
    }
    for (const user of tx.select({ id: users.id, acceptedCount: users.acceptedCount }).from(users).all()) {
      for (const badge of ACCEPTED_BADGES.filter((b) => b.threshold <= user.acceptedCount)) {
        tx.insert(badges).values({ userId: user.id, badge: badge.id, awardedAt: new Date(now) }).run();
      }
    }
  });
}
