import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { jobs, threads } from "@db/schema";
import type { Clock } from "~/utils/clock";
import { buildDocumentPage, buildSearchDocuments } from "./document";
import type { SearchIndex } from "./types";

interface SyncDeps {
  db: Db;
  search: SearchIndex;
}

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
  { batchSize = 1000, onProgress }: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<{ threads: number }> {
  const startedAt = clock.now();
  const total = db.select({ n: sql<number>`count(*)` }).from(threads).where(eq(threads.hidden, false)).get()?.n ?? 0;
  const build = await search.startBuild();
  let done = 0;
  try {
    let afterId = 0;
    for (;;) {
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
    .where(and(eq(jobs.kind, "search.sync"), gte(jobs.createdAt, startedAt)))
    .all();
  await applySearchUpdates({ db, search }, threadIdsOf(changed.map((row) => row.payload)));
  return { threads: done };
}

/**
 * At start: the index exists with its settings, and an empty index over a forum with threads (a
 * fresh install, the demo seed, a new Meilisearch server) is filled. An unreachable engine is
 * reported and left to the sync job; the forum starts anyway.
 */
export async function prepareSearch(deps: SyncDeps & { clock: Clock }, log: (message: string) => void = console.log): Promise<void> {
  try {
    await deps.search.setup();
    if ((await deps.search.count()) > 0) return;
    const { threads: count } = await rebuildIndex(deps);
    if (count > 0) log(`Search: indexed ${count} threads (${deps.search.engine}).`);
  } catch (error) {
    log(`Search: ${deps.search.engine} is not ready (${error instanceof Error ? error.message : String(error)}); it will catch up from the queue.`);
  }
}
