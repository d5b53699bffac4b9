import {
  applySearchUpdates,
  reconcileSearchIndex,
  requestSearchReconcile,
  SEARCH_RECONCILE_JOB,
  threadIdsOf,
} from "@search/sync.server";
import { SEARCH_SYNC_JOB } from "~/services/search-outbox.server";
import type { JobHandler, PeriodicTask } from "./types";

/**
 * Drains index updates in batches: thread ids are deduplicated, and a failing engine fails the
 * whole batch, which the queue keeps and retries with backoff until the engine is back.
 */
export const SEARCH_SYNC_HANDLER: JobHandler = {
  kind: SEARCH_SYNC_JOB,
  batchSize: 200,
  lane: "search",
  run: async (jobs, deps) => {
    await applySearchUpdates(deps, threadIdsOf(jobs.map((job) => job.payload)));
  },
};

/**
 * Compares the index with the database and refills it when it lost threads. Queued at start when
 * the engine does not answer (retried with backoff until it does) and by SEARCH_CHECK below.
 */
export const SEARCH_RECONCILE_HANDLER: JobHandler = {
  kind: SEARCH_RECONCILE_JOB,
  batchSize: 10,
  lane: "search",
  run: async (_jobs, deps, { signal } = {}) => {
    await reconcileSearchIndex(deps, { signal });
  },
};

/**
 * Every few minutes the search lane checks the index against the database, so an engine that
 * came back, or lost its data while the forum ran, is noticed and refilled without a restart.
 * The task only queues the check: the engine call runs in the search lane, never in this loop,
 * so a slow engine cannot hold up the escalation sweep.
 */
export const SEARCH_CHECK: PeriodicTask = {
  name: "search-check",
  everyMs: 5 * 60_000,
  run: (deps) => {
    requestSearchReconcile(deps);
    return "index check queued";
  },
};

// The check goes first: it makes updates that were waiting out a backoff due, so the same pass applies them.
export const SEARCH_HANDLERS: JobHandler[] = [SEARCH_RECONCILE_HANDLER, SEARCH_SYNC_HANDLER];
