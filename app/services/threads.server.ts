import { eq, sql } from "drizzle-orm";
import { transaction } from "@db/client.server";
import { categories, posts, threads, type Thread } from "@db/schema";
import { can, isSuspended, type Actor } from "~/auth/permissions";
import { CreateThreadSchema } from "~/schemas/threads.server";
import { fieldErrors } from "~/utils/forms";
import { renderMarkdown } from "~/utils/markdown.server";
import { slugify } from "~/utils/slug";
import { Forbidden, Invalid } from "./errors";
import { escalationDueAt } from "./escalation.server";
import { addFollower } from "./follows.server";
import { enqueueSearchSync } from "./search-outbox.server";
import { refuseRepeatedThread } from "./repeated-posts.server";
import { getSettings } from "./settings.server";
import { admitPost } from "./anti-spam.server";
import type { Deps } from "./thread-access.server";
import { emitWebhookEvent } from "./webhook-events.server";

/**
 * A signed-in, unsuspended member asks in a known category: the thread and its question (post 1)
 * are written together with the category count, the asker's follow, the search outbox and the
 * escalation deadline. Asking the same question again within minutes is refused, and so is
 * asking past the anti-spam limits (anti-spam.server.ts).
 */
export function createThread(deps: Deps, actor: Actor | null, input: Record<string, unknown>): Pick<Thread, "id" | "slug"> {
  const { db, clock } = deps;
  const now = clock.now();
  if (!actor) throw new Forbidden("Sign in to ask a question.");
  if (isSuspended(actor, now) || !can(actor, "ask", {}, now)) throw new Forbidden("Your account is suspended, so you cannot post for now.");
  const parsed = CreateThreadSchema.safeParse(input);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  const slug = typeof input.category === "string" ? input.category.trim() : "";
  const category = slug ? db.select().from(categories).where(eq(categories.slug, slug)).get() : undefined;
  // Every field's problem at once, the unknown category included, so the form is fixed in one go.
  if (slug && !category) errors.category = "Pick a category from the list";
  else if (category?.archivedAt) errors.category = "This category is archived and takes no new threads; pick another";
  if (!parsed.success || !category || category.archivedAt) throw new Invalid(errors);
  const { title, body, kind } = parsed.data;
  const bodyHtml = renderMarkdown(body);
  const admission = admitPost(deps, actor, "thread", bodyHtml);

  return admission.run(() => transaction(db, (tx) => {
    refuseRepeatedThread(tx, clock, { authorId: actor.id, title, body, ...admission.repeatCheck });
    const thread = tx
      .insert(threads)
      .values({
        categoryId: category.id,
        authorId: actor.id,
        kind,
        title,
        slug: slugify(title),
        escalationDueAt: escalationDueAt(category, getSettings({ db: tx }), now),
        lastActivityAt: now,
        createdAt: now,
      })
      .returning({ id: threads.id, slug: threads.slug })
      .get();
    const post = tx
      .insert(posts)
      .values({
        threadId: thread.id,
        authorId: actor.id,
        authorRole: actor.role,
        position: 1,
        bodyMd: body,
        bodyHtml,
        createdAt: now,
      })
      .returning({ id: posts.id })
      .get();
    tx.update(categories).set({ threadCount: sql`${categories.threadCount} + 1` }).where(eq(categories.id, category.id)).run();
    addFollower(tx, clock, actor.id, thread.id);
    enqueueSearchSync(tx, clock, thread.id);
    emitWebhookEvent(tx, clock, "post.created", {
      threadId: thread.id,
      postId: post.id,
      position: 1,
      authorId: actor.id,
      categoryId: category.id,
      kind,
    });
    return thread;
  }));
}
