import { and, eq, gte, isNotNull, isNull, sql } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { countWaitingJobs, enqueueJob, hurryJobs } from "@db/job-queue.server";
import { jobs, threads } from "@db/schema";
import type { Clock } from "~/utils/clock";
import { buildDocumentPage, buildSearchDocuments } from "./document";
import type { SearchIndex } from "./types";

interface SyncDeps {
  db: Db;
  search: SearchIndex;
}

/** Queued with every write that changes a thread's document (app/services/search-outbox.server.ts). */
export const SEARCH_SYNC_JOB = "search.sync";
/** Queued to compare the index with the database and refill what it lost (reconcileSearchIndex). */
export const SEARCH_RECONCILE_JOB = "search.reconcile";

/**
 * Brings the index in step with the database for these threads: the current state of each is
 * written (or removed) once, however many queued updates named it. Throws if the engine fails,
 * so the queue keeps the jobs and retries them with backoff.
 */
export async function applySearchUpdates({ db, search }: SyncDeps, threadIds: number[]): Promise<void> {
  const { documents, removed } = buildSearchDocuments(db, threadIds);
  await search.upsert(documents);
  await search.delete(removed);
}

/** Thread ids named by queued "search.sync" payloads; malformed payloads are skipped. */
export function threadIdsOf(payloads: unknown[]): number[] {
  const ids = new Set<number>();
  for (const payload of payloads) {
    const id = (payload as { threadId?: unknown } | null)?.threadId;
    if (typeof id === "number" && Number.isInteger(id)) ids.add(id);
  }
  return [...ids];
}

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Rebuilds the whole index from the database beside the live one, then swaps it in; the live index
 * keeps answering meanwhile. Threads changed while it ran are written again after the swap.
 */
export async function rebuildIndex(
  { db, clock, search }: SyncDeps & { clock: Clock },
  {
    batchSize = 1000,
    onProgress,
    signal,
  }: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void; signal?: AbortSignal } = {},
): Promise<{ threads: number }> {
  const startedAt = clock.now();
  const total = countVisibleThreads(db);
  const build = await search.startBuild();
  let done = 0;
  try {
    let afterId = 0;
    for (;;) {
      // A server shutting down stops between pages; the live index is untouched, so nothing is lost.
      signal?.throwIfAborted();
      const page = buildDocumentPage(db, afterId, batchSize);
      if (page.lastId === null) break;
      await build.add(page.documents);
      done += page.documents.length;
      afterId = page.lastId;
      onProgress?.({ done, total });
    }
    await build.commit();
  } catch (error) {
    await build.abort().catch(() => {});
    throw error;
  }
  const changed = db
    .selectDistinct({ payload: jobs.payload })
    .from(jobs)
    .where(and(eq(jobs.kind, SEARCH_SYNC_JOB), gte(jobs.createdAt, startedAt)))
    .all();
  await applySearchUpdates({ db, search }, threadIdsOf(changed.map((row) => row.payload)));
  return { threads: done };
}

/**
 * Threads readers can see less those closed as duplicates, which is what a complete index holds
 * (served by threads_latest_idx and threads_duplicate_of_idx).
 */
function countVisibleThreads(db: Db): number {
  const visible = db.select({ n: sql<number>`count(*)` }).from(threads).where(eq(threads.hidden, false)).get()?.n ?? 0;
  const duplicates = db
    .select({ n: sql<number>`count(*)` })
    .from(threads)
    // "+hidden": on threads_duplicate_of_idx (a few rows), not on threads_latest_idx (nearly all).
    .where(and(isNotNull(threads.duplicateOfId), sql`+${threads.hidden} = 0`))
    .get()?.n ?? 0;
  return visible - duplicates;
}

/**
 * What the index should hold: the visible threads, less those whose update is still queued (they
 * may rightly be missing for now). Two counts on indexes, cheap on a million posts.
 */
export function countIndexTargets({ db }: { db: Db }): { expected: number; pending: number } {
  return { expected: countVisibleThreads(db), pending: countWaitingJobs({ db }, SEARCH_SYNC_JOB) };
}

export interface ReconcileOutcome {
  /** Documents in the index when it was checked. */
  indexed: number;
  /** Visible threads in the database. */
  expected: number;
  /** Threads written by a rebuild, or null when the index was in step. */
  rebuilt: number | null;
}

/**
 * Compares the index with the database and rebuilds it when it holds far fewer threads than it
 * should: an engine that was unreachable when the forum first started, or one that lost its data
 * (a Meilisearch server replaced or wiped). The check is two counts on indexes and one call to
 * the engine; threads whose updates are still queued are not missing, and a 1 % gap is tolerated
 * (a thread hidden between the two counts) so a large forum never rebuilds for nothing; an empty
 * index over a forum with threads is always filled. Updates
 * that were waiting out a backoff while the engine was down are made due at once. Throws, like
 * every engine call, while the engine is unreachable.
 */
export async function reconcileSearchIndex(
  deps: SyncDeps & { clock: Clock },
  { log = console.log, signal }: { log?: (message: string) => void; signal?: AbortSignal } = {},
): Promise<ReconcileOutcome> {
  const { expected, pending } = countIndexTargets(deps);
  const indexed = await deps.search.count();
  hurryJobs(deps, SEARCH_SYNC_JOB);
  const missing = expected - pending - indexed;
  // An empty index is filled at once, not left to queued updates that may cover a few threads.
  const depleted = indexed === 0 ? expected > 0 : missing > Math.floor(expected / 100);
  if (!depleted) return { indexed, expected, rebuilt: null };
  await deps.search.setup();
  const { threads: rebuilt } = await rebuildIndex(deps, { signal });
  log(`Search: indexed ${rebuilt} threads (${deps.search.engine}); the index held ${indexed}.`);
  return { indexed, expected, rebuilt };
}

/**
 * Asks the search lane to run reconcileSearchIndex soon: queues the job, or makes a queued one
 * (perhaps waiting out a backoff while the engine was down) due now. One at a time.
 */
export function requestSearchReconcile(deps: { db: Db; clock: Clock }): void {
  transaction(deps.db, (tx) => {
    const waiting = tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.kind, SEARCH_RECONCILE_JOB), isNull(jobs.doneAt)))
      .get();
    if (waiting) hurryJobs({ db: tx, clock: deps.clock }, SEARCH_RECONCILE_JOB);
    else enqueueJob(tx, deps.clock, SEARCH_RECONCILE_JOB, {});
  });
}

/**
 * At start: the index exists with its settings and holds the forum's threads (an empty or
 * depleted index is rebuilt). An unreachable engine is reported and a reconcile is queued, which
 * the search lane retries with backoff until the engine answers; the forum starts anyway.
 */
export async function prepareSearch(deps: SyncDeps & { clock: Clock }, log: (message: string) => void = console.log): Promise<void> {
  try {
    await deps.search.setup();
    await reconcileSearchIndex(deps, { log });
  } catch (error) {
    requestSearchReconcile(deps);
    const reason = error instanceof Error ? error.message : String(error);
    log(`Search: ${deps.search.engine} is not ready (${reason}); its index will be filled once it answers.`);
  }
}
