import { applySearchUpdates, threadIdsOf } from "@search/sync.server";
import { SEARCH_SYNC_JOB } from "~/services/search-outbox.server";
import type { JobHandler } from "./types";

/**
 * Drains index updates in batches: thread ids are deduplicated, and a failing engine fails the
 * whole batch, which the queue keeps and retries with backoff until the engine is back.
 */
export const SEARCH_SYNC_HANDLER: JobHandler = {
  kind: SEARCH_SYNC_JOB,
  batchSize: 200,
  run: async (jobs, deps) => {
    await applySearchUpdates(deps, threadIdsOf(jobs.map((job) => job.payload)));
  },
};
