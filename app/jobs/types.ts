// The shapes the scheduler runs, in a file of their own so that handlers can name them without
// importing the scheduler that imports them.
import type { QueuedJob } from "@db/job-queue.server";
import type { AppDeps } from "~/context.server";

/** Drains one kind of queued job; a batch either all succeeds or is all retried later. */
export interface JobHandler {
  kind: string;
  batchSize: number;
  /**
   * Handlers in different lanes drain in loops of their own, so one never waits on another: index
   * updates ("search") never queue behind a mail server that does not answer ("delivery", the
   * default).
   */
  lane?: string;
  /** `signal` aborts when the scheduler stops: long work stops at its next safe point. */
  run(jobs: QueuedJob[], deps: AppDeps, options?: { signal?: AbortSignal }): Promise<void>;
}

/** Work done on a timer rather than from the queue (the escalation sweep, reminders). */
export interface PeriodicTask {
  name: string;
  /** A function when the interval comes from configuration (JOBS_INTERVAL_SECONDS). */
  everyMs: number | ((deps: AppDeps) => number);
  /** May say what it did in a few words ("3 threads flagged"), which `npm run jobs:run-once` prints. */
  run(deps: AppDeps): Promise<string | void> | string | void;
}

export interface JobRegistry {
  handlers: JobHandler[];
  tasks: PeriodicTask[];
}
