import { refreshPlannerStatistics } from "@db/client.server";
import type { AppDeps } from "~/context.server";
import { claimJobs, completeJobs, failJobs, pruneFinishedJobs, type QueuedJob } from "./queue.server";
import { pruneExpiredLimits } from "~/services/rate-limit.server";
import { ESCALATION_HANDLERS, ESCALATION_TASKS } from "./escalation-jobs.server";
import { SEARCH_SYNC_HANDLER } from "./search-jobs.server";

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

const HOUSEKEEPING: PeriodicTask = {
  name: "housekeeping",
  everyMs: 60 * 60_000,
  run(deps) {
    pruneFinishedJobs(deps);
    pruneExpiredLimits(deps);
    refreshPlannerStatistics(deps.db);
  },
};

/** Later features register their handlers and tasks here. */
export function defaultRegistry(): JobRegistry {
  return { handlers: [...ESCALATION_HANDLERS, SEARCH_SYNC_HANDLER], tasks: [HOUSEKEEPING, ...ESCALATION_TASKS] };
}

/** Runs every queued job that is due, batch by batch, until none is left. Returns how many ran. */
export async function drainQueue(deps: AppDeps, handlers: JobHandler[], maxBatches = 100): Promise<number> {
  let ran = 0;
  for (const handler of handlers) {
    for (let batch = 0; batch < maxBatches; batch++) {
      const claimed = claimJobs(deps, handler.kind, handler.batchSize);
      if (claimed.length === 0) break;
      try {
        await handler.run(claimed, deps);
        completeJobs(deps, claimed.map((job) => job.id));
      } catch (error) {
        failJobs(deps, claimed, error);
        break;
      }
      ran += claimed.length;
    }
  }
  return ran;
}

/** One pass of everything: periodic tasks, then the queue. `npm run jobs:run-once` calls this. */
export async function runOnce(deps: AppDeps, registry: JobRegistry): Promise<void> {
  for (const task of registry.tasks) await task.run(deps);
  await drainQueue(deps, registry.handlers);
}

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Polls the queue every `pollMs` and runs each periodic task on its own interval. Ticks never
 * overlap; stop() waits for the tick under way.
 */
export function startScheduler(deps: AppDeps, registry: JobRegistry, { pollMs = 1000 } = {}): Scheduler {
  const lastRun = new Map<string, number>();
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = async () => {
    const now = Date.now();
    for (const task of registry.tasks) {
      const everyMs = typeof task.everyMs === "function" ? task.everyMs(deps) : task.everyMs;
      if (now - (lastRun.get(task.name) ?? 0) < everyMs) continue;
      lastRun.set(task.name, now);
      try {
        await task.run(deps);
      } catch (error) {
        console.error(`[jobs] ${task.name} failed:`, error);
      }
    }
    await drainQueue(deps, registry.handlers).catch((error) => console.error("[jobs] queue failed:", error));
  };

  let busy = false;
  const schedule = () => {
    if (stopped || busy) return;
    busy = true;
    running = tick().finally(() => {
      busy = false;
    });
  };
  const timer = setInterval(schedule, pollMs);
  timer.unref();
  schedule();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
