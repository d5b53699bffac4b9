import type Database from "better-sqlite3";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { pageVersions, posts, threads } from "@db/schema";
import { deepFreeze } from "~/utils/deep-freeze";

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

// Scopes go to SQLite as one JSON text, made once per list: a thread of 558 posts names ~420
// members, and binding that many parameters one by one cost 1.9 ms a read, a fifth of serving
// its cached page (issue 14); json_each reads them in 0.5 ms.
const scopesJson = new WeakMap<string[], string>();
const preparedByDb = new WeakMap<Db, { version: ReturnType<typeof prepareVersionQuery>; stamp: Database.Statement<[], number>[] }>();

function prepareVersionQuery(db: Db) {
  return db
    .select({ version: sql<number>`coalesce(sum(${pageVersions.version}), 0)` })
    .from(pageVersions)
    .where(sql`${pageVersions.scope} IN (SELECT value FROM json_each(${sql.placeholder("scopes")}))`)
    .prepare();
}

function prepared(db: Db) {
  let statements = preparedByDb.get(db);
  if (!statements) {
    statements = {
      version: prepareVersionQuery(db),
      // PRAGMA data_version moves with every commit by any other connection (other processes
      // included), total_changes() with every row this one writes (triggers included).
      stamp: ["PRAGMA data_version", "SELECT total_changes()"].map((text) => db.$client.prepare<[], number>(text).pluck()),
    };
    preparedByDb.set(db, statements);
  }
  return statements;
}

/**
 * One number for the state of `scopes`: the sum of their counters. Counters only rise and rows are
 * never deleted, so the sum changes whenever any of them does. Prepared once per database:
 * building and preparing the query each time cost more than running it, on every cached page served.
 */
export function readPageVersion({ db }: { db: Db }, scopes: string[]): number {
  let json = scopesJson.get(scopes);
  if (json === undefined) scopesJson.set(scopes, (json = JSON.stringify(scopes)));
  const row = prepared(db).version.get({ scopes: json });
  return Number(row?.version ?? 0);
}

/**
 * A mark of the whole database's state as this connection sees it: equal marks mean no write was
 * committed in between, by this connection or any other, so no page version can have moved.
 */
export function readDatabaseStamp({ db }: { db: Db }): string {
  const [dataVersion, ownChanges] = prepared(db).stamp.map((statement) => statement.get());
  return `${dataVersion}:${ownChanges}`;
}

/** The scopes a list of threads or categories is drawn from: the same as a guest's list page. */
export const LIST_SCOPES = ["site", "lists"];
const KEPT_PER_CONNECTION = 256;
const keptByDb = new WeakMap<Db, Map<string, { stamp: string; version: number; value: unknown }>>();

/**
 * What `make` returns, kept per database and `key` for as long as the counters of `scopes` stand
 * still, frozen, as it is handed to every caller. The members' list pages read the same first page
 * of threads as guests do, and reading it was a tenth of their request (issue 14). The version is
 * read before `make` runs: a write that lands in between leaves a value newer than its version
 * says, which the next read replaces; never an older one. Inside a transaction, which may roll
 * back what raised a counter, nothing is kept.
 */
export function keptWhileUnchanged<T>({ db }: { db: Db }, scopes: string[], key: string, make: () => T): T {
  if (!db.$client || db.$client.inTransaction) return make();
  let kept = keptByDb.get(db);
  if (!kept) keptByDb.set(db, (kept = new Map()));
  const stamp = readDatabaseStamp({ db });
  const entry = kept.get(key);
  if (entry?.stamp === stamp) return entry.value as T;
  const version = readPageVersion({ db }, scopes);
  if (entry?.version === version) {
    entry.stamp = stamp;
    return entry.value as T;
  }
  const value = deepFreeze(make());
  // Keys are a handful of lists (each category's and filter's first page); past the bound something
  // is asking for many more, and starting over keeps memory flat.
  if (kept.size >= KEPT_PER_CONNECTION && !entry) kept.clear();
  kept.set(key, { stamp, version, value });
  return value;
}
