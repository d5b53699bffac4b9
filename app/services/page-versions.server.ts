import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { pageVersions, posts, threads } from "@db/schema";
import { listPlaceholders, listValues, preparedQuery } from "~/utils/prepared-queries.server";

/** A page a guest may be served from the page cache: a thread (any page of it) or a list of threads. */
export type GuestPage = { kind: "thread"; threadId: number } | { kind: "list" };

/**
 * The scopes of page_versions (migration 0008, whose triggers raise them) that a guest page is
 * drawn from. A list: the site and every thread. A thread: the site, the thread, the thread it is a
 * duplicate of (its title is shown) and every member who wrote or edited a post in it (their
 * names, avatars, reputation and badges are shown beside the posts; a new one comes with a post,
 * which raises the thread's own counter).
 */
export function pageScopes({ db }: { db: Db }, page: GuestPage): string[] {
  if (page.kind === "list") return ["site", "lists"];
  const { threadId } = page;
  const thread = db.select({ duplicateOfId: threads.duplicateOfId }).from(threads).where(eq(threads.id, threadId)).get();
  const members = new Set<string>();
  for (const post of db.select({ authorId: posts.authorId, editedBy: posts.editedBy }).from(posts).where(eq(posts.threadId, threadId)).all()) {
    members.add(post.authorId);
    if (post.editedBy) members.add(post.editedBy);
  }
  return ["site", `t:${threadId}`, ...(thread?.duplicateOfId ? [`t:${thread.duplicateOfId}`] : []), ...[...members].map((id) => `u:${id}`)];
}

/**
 * One number for the state of `scopes`: the sum of their counters. Counters only rise and rows are
 * never deleted, so the sum changes whenever any of them does. Prepared once per number of scopes:
 * building and preparing the query each time cost more than running it, on every cached page served.
 */
export function readPageVersion({ db }: { db: Db }, scopes: string[]): number {
  const query = preparedQuery(db, `pageVersion:${scopes.length}`, () =>
    db
      .select({ version: sql<number>`coalesce(sum(${pageVersions.version}), 0)` })
      .from(pageVersions)
      .where(inArray(pageVersions.scope, listPlaceholders("s", scopes.length)))
      .prepare(),
  );
  const row = query.get(listValues("s", scopes));
  return Number(row?.version ?? 0);
}
