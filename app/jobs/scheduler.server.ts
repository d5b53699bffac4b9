import { refreshPlannerStatistics } from "@db/client.server";
import type { AppDeps } from "~/context.server";
import { claimJobs, completeJobs, countWaitingJobs, failJobs, pruneFinishedJobs } from "@db/job-queue.server";
import { pruneExpiredLimits } from "~/services/rate-limit.server";
import { pruneUnusedAskSessions } from "~/services/ask-sessions.server";
import { ESCALATION_HANDLERS, ESCALATION_TASKS } from "./escalation-jobs.server";
import { DAILY_DIGEST_TASK } from "./member-mail-jobs.server";
import { SEARCH_CHECK, SEARCH_HANDLERS } from "./search-jobs.server";
import type { JobHandler, JobRegistry, PeriodicTask } from "./types";

export type { JobHandler, JobRegistry, PeriodicTask };


const HOUSEKEEPING: PeriodicTask = {
  name: "housekeeping",
  everyMs: 60 * 60_000,
  run(deps) {
    pruneFinishedJobs(deps);
    pruneExpiredLimits(deps);
    pruneUnusedAskSessions(deps);
    refreshPlannerStatistics(deps.db);
  },
};

/** Later features register their handlers and tasks here. */
export function defaultRegistry(): JobRegistry {
  return { handlers: [...ESCALATION_HANDLERS, ...SEARCH_HANDLERS], tasks: [HOUSEKEEPING, ...ESCALATION_TASKS, DAILY_DIGEST_TASK, SEARCH_CHECK] };
}

/** What one batch came to: `error` when it failed (its jobs are retried later with backoff). */
export interface BatchOutcome {
  kind: string;
  jobs: number;
  error?: unknown;
}

/**
 * Runs every queued job that is due, batch by batch, until none is left or `signal` aborts (checked
 * between batches). Returns how many ran.
 */
export async function drainQueue(
  deps: AppDeps,
  handlers: JobHandler[],
  { maxBatches = 100, signal, onBatch }: { maxBatches?: number; signal?: AbortSignal; onBatch?: (outcome: BatchOutcome) => void } = {},
): Promise<number> {
  let ran = 0;
  for (const handler of handlers) {
    for (let batch = 0; batch < maxBatches && !signal?.aborted; batch++) {
      const claimed = claimJobs(deps, handler.kind, handler.batchSize);
      if (claimed.length === 0) break;
      try {
        await handler.run(claimed, deps, { signal });
        completeJobs(deps, claimed.map((job) => job.id));
      } catch (error) {
        failJobs(deps, claimed, error);
        onBatch?.({ kind: handler.kind, jobs: claimed.length, error });
        break;
      }
      onBatch?.({ kind: handler.kind, jobs: claimed.length });
      ran += claimed.length;
    }
  }
  return ran;
}

const DEFAULT_LANE = "delivery";

/** The handlers grouped by lane, each group in registry order (fan-out before delivery). */
export function lanesOf(handlers: JobHandler[]): JobHandler[][] {
  const lanes = new Map<string, JobHandler[]>();
  for (const handler of handlers) {
    const lane = handler.lane ?? DEFAULT_LANE;
    lanes.set(lane, [...(lanes.get(lane) ?? []), handler]);
  }
  return [...lanes.values()];
}

export interface KindReport {
  kind: string;
  done: number;
  failed: number;
  lastError: string | null;
  /** Jobs of this kind still queued after the pass (failed ones wait out their backoff). */
  waiting: number;
}

export interface RunReport {
  tasks: { name: string; summary: string }[];
  kinds: KindReport[];
}

/**
 * One pass of everything: periodic tasks, then every lane of the queue side by side. `npm run
 * jobs:run-once` calls this and prints the report.
 */
export async function runOnce(deps: AppDeps, registry: JobRegistry): Promise<RunReport> {
  const tasks: RunReport["tasks"] = [];
  for (const task of registry.tasks) tasks.push({ name: task.name, summary: (await task.run(deps)) || "done" });
  const kinds = new Map(registry.handlers.map((handler) => [handler.kind, { kind: handler.kind, done: 0, failed: 0, lastError: null as string | null }]));
  const onBatch = ({ kind, jobs, error }: BatchOutcome) => {
    const report = kinds.get(kind)!;
    if (error === undefined) report.done += jobs;
    else {
      report.failed += jobs;
      report.lastError = error instanceof Error ? error.message : String(error);
    }
  };
  await Promise.all(lanesOf(registry.handlers).map((lane) => drainQueue(deps, lane, { onBatch })));
  return { tasks, kinds: [...kinds.values()].map((report) => ({ ...report, waiting: countWaitingJobs(deps, report.kind) })) };
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** Calls `work` now and every `pollMs` after, skipping a turn while the previous call is under way. */
function repeat(label: string, pollMs: number, work: () => Promise<unknown>) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const turn = () => {
    if (stopped || running) return;
    running = work()
      .then(() => undefined, (error: unknown) => console.error(`[jobs] ${label} failed:`, error))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(turn, pollMs);
  timer.unref();
  turn();
  return {
    /** No new call starts; resolves when the one under way, if any, ends. */
    stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      return running ?? Promise.resolve();
    },
  };
}

/**
 * Runs the periodic tasks, and drains each lane of the queue, in loops of their own, each polling
 * every `pollMs` and never overlapping itself, so a drain waiting on a slow SMTP server or webhook
 * endpoint never delays the escalation sweep, nor the search index's updates.
 *
 * stop() starts nothing new (a drain stops between batches) and waits up to `stopTimeoutMs` for
 * the work under way, so a send in progress is usually recorded rather than repeated after a
 * restart. Past that it gives up on the stuck work: the jobs it holds stay locked until LOCK_MS
 * passes and then run again, so nothing is lost, and shutdown never hangs on the network.
 */
export function startScheduler(
  deps: AppDeps,
  registry: JobRegistry,
  { pollMs = 1000, stopTimeoutMs = 5_000 } = {},
): Scheduler {
  const stopping = new AbortController();
  const lastRun = new Map<string, number>();

  const runDueTasks = async () => {
    for (const task of registry.tasks) {
      if (stopping.signal.aborted) return;
      const now = Date.now();
      const everyMs = typeof task.everyMs === "function" ? task.everyMs(deps) : task.everyMs;
      if (now - (lastRun.get(task.name) ?? 0) < everyMs) continue;
      lastRun.set(task.name, now);
      try {
        await task.run(deps);
      } catch (error) {
        console.error(`[jobs] ${task.name} failed:`, error);
      }
    }
  };
  const loops = [
    repeat("periodic tasks", pollMs, runDueTasks),
    ...lanesOf(registry.handlers).map((lane) =>
      repeat(`queue (${lane.map((handler) => handler.kind).join(", ")})`, pollMs, () => drainQueue(deps, lane, { signal: stopping.signal })),
    ),
  ];

  return {
    async stop() {
      stopping.abort();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), stopTimeoutMs);
      });
      const outcome = await Promise.race([Promise.all(loops.map((loop) => loop.stop())), deadline]);
      clearTimeout(timer);
      if (outcome === "late") {
        console.warn(`[jobs] stopped with work still under way after ${stopTimeoutMs} ms; its jobs run again once their lock expires`);
      }
    },
  };
}
