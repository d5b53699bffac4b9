import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jobs } from "@db/schema";
import { enqueueJob } from "@db/job-queue.server";
import { startScheduler, type JobHandler, type PeriodicTask, type Scheduler } from "~/jobs/scheduler.server";
import { createTestDeps, type TestDeps } from "../setup/deps";

const STUCK_JOB = "test.stuck";

/** A promise with its resolve function, to wait on a condition instead of sleeping. */
function signal<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A handler whose batches wait until `release()` (or forever), like a send to an endpoint that never answers. */
function gatedHandler() {
  const entered = signal();
  const gate = signal();
  let calls = 0;
  const handler: JobHandler = {
    kind: STUCK_JOB,
    batchSize: 1,
    run: async () => {
      calls++;
      entered.resolve();
      await gate.promise;
    },
  };
  return { handler, entered: entered.promise, release: () => gate.resolve(), calls: () => calls };
}

/** A periodic task that records when it runs and resolves `ran` on its `times`-th run. */
function countingTask(everyMs: number, times: number) {
  const runs: number[] = [];
  const ran = signal();
  const task: PeriodicTask = {
    name: "sweep",
    everyMs,
    run: () => {
      runs.push(performance.now());
      if (runs.length === times) ran.resolve();
    },
  };
  return { task, runs, ran: ran.promise };
}

function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<"settled" | "hung"> {
  return Promise.race([
    promise.then(() => "settled" as const),
    new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), ms)),
  ]);
}

function pendingJobs(deps: TestDeps) {
  return deps.db.select().from(jobs).where(eq(jobs.kind, STUCK_JOB)).all().filter((job) => !job.doneAt);
}

describe("the in-process scheduler", () => {
  let deps: TestDeps;
  let scheduler: Scheduler | undefined;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    vi.restoreAllMocks();
    deps.db.$client.close();
  });

  it("keeps sweeping on schedule while a queue drain is stuck, and never starts a second drain over it", async () => {
    enqueueJob(deps.db, deps.clock, STUCK_JOB, {});
    const stuck = gatedHandler(); // never released
    const sweep = countingTask(30, 3);
    scheduler = startScheduler(deps, { handlers: [stuck.handler], tasks: [sweep.task] }, { pollMs: 5, stopTimeoutMs: 50 });

    await stuck.entered;
    await sweep.ran; // with the sweep waiting behind the drain this never came
    expect(sweep.runs[2]! - sweep.runs[0]!).toBeGreaterThanOrEqual(55); // every 30 ms, not every 5 ms poll
    expect(stuck.calls()).toBe(1);
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });

  it("stops within its bound while a drain is stuck, leaving the stuck job to run again later", async () => {
    enqueueJob(deps.db, deps.clock, STUCK_JOB, {});
    const stuck = gatedHandler(); // never released
    scheduler = startScheduler(deps, { handlers: [stuck.handler], tasks: [] }, { pollMs: 5, stopTimeoutMs: 50 });
    await stuck.entered;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

    expect(await settlesWithin(scheduler.stop(), 2_000)).toBe("settled");
    scheduler = undefined;
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("still under way after 50 ms"));
    const [job] = pendingJobs(deps);
    expect(job!.lockedUntil).not.toBeNull(); // claimed, not lost: it runs again when the lock expires
  });

  it("on stop, lets the batch under way finish and claims no further batch", async () => {
    enqueueJob(deps.db, deps.clock, STUCK_JOB, { n: 1 });
    enqueueJob(deps.db, deps.clock, STUCK_JOB, { n: 2 });
    const slow = gatedHandler();
    scheduler = startScheduler(deps, { handlers: [slow.handler], tasks: [] }, { pollMs: 5, stopTimeoutMs: 5_000 });
    await slow.entered;

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false); // waits for the send in progress
    slow.release();
    await stopping;

    expect(slow.calls()).toBe(1);
    expect(pendingJobs(deps).map((job) => job.payload)).toEqual([{ n: 2 }]);
  });
});
