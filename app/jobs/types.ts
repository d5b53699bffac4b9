// The shapes the scheduler runs, in a file of their own so that handlers can name them without
// importing the scheduler that imports them.
import type { QueuedJob } from "@db/job-queue.server";
import type { AppDeps } from "~/context.server";

/** Drains one kind of queued job; a batch either all succeeds or is all retried later. */
export interface JobHandler {
  kind: string;
  batchSize: number;
  run(jobs: QueuedJob[], deps: AppDeps): Promise<void>;
}

/** Work done on a timer rather than from the queue (the escalation sweep, reminders). */
export interface PeriodicTask {
  name: string;
  /** A function when the interval comes from configuration (JOBS_INTERVAL_SECONDS). */
  everyMs: number | ((deps: AppDeps) => number);
  run(deps: AppDeps): Promise<void> | void;
}

export interface JobRegistry {
  handlers: JobHandler[];
  tasks: PeriodicTask[];
}
