import type { Db } from "@db/client.server";
import { enqueueJob } from "@db/job-queue.server";
import { SEARCH_SYNC_JOB } from "@search/sync.server";
import type { Clock } from "~/utils/clock";

export { SEARCH_SYNC_JOB };

/**
 * Every write that changes what a thread's search document holds calls this inside its own
 * transaction, so the index can never miss the change (the search sync job drains these).
 */
export function enqueueSearchSync(tx: Db, clock: Clock, threadId: number): void {
  enqueueJob(tx, clock, SEARCH_SYNC_JOB, { threadId });
}
