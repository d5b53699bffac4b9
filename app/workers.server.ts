// WORKERS=n: the primary process forks n server processes that share the port (node:cluster) and
// the SQLite file (WAL: many readers, one writer at a time, busy_timeout for the rest). It serves
// nothing itself: it migrates and seeds before forking, restarts a worker that dies, and on SIGTERM
// or SIGINT stops them all and exits once they have finished their requests.
import cluster, { type Worker } from "node:cluster";

const SLOT = "PEERDESK_WORKER_SLOT";
// A worker that keeps dying is restarted ever more slowly, so a crash loop does not spin; one
// that ran this long before dying counts as healthy again.
const RESTART_DELAYS_MS = [100, 1_000, 5_000, 15_000, 30_000];
const HEALTHY_AFTER_MS = 60_000;
// Workers finish their own requests within 10 s (app/server.ts); past this they are killed.
const STOP_TIMEOUT_MS = 15_000;

/** This process's place among the workers (0 runs the background jobs); null when it is the only process. */
export function workerSlot(): number | null {
  return cluster.isWorker ? Number(process.env[SLOT]) : null;
}

export function superviseWorkers({ count, publicUrl }: { count: number; publicUrl: string }): void {
  let stopping = false;
  const live = new Set<Worker>();

  const slots = new Map<Worker, number>();
  const fork = (slot: number, crashes: number) => {
    const startedAt = Date.now();
    const worker = cluster.fork({ [SLOT]: String(slot) });
    live.add(worker);
    slots.set(worker, slot);
    worker.once("exit", (code, signal) => {
      live.delete(worker);
      slots.delete(worker);
      if (stopping) return void (live.size === 0 && process.exit(0));
      const again = Date.now() - startedAt > HEALTHY_AFTER_MS ? 0 : crashes + 1;
      const delay = RESTART_DELAYS_MS[Math.min(again, RESTART_DELAYS_MS.length - 1)]!;
      console.error(`Worker ${slot + 1} (process ${worker.process.pid}) stopped (${signal ?? `exit code ${code}`}); starting another in ${delay} ms.`);
      setTimeout(() => stopping || fork(slot, again), delay);
    });
  };

  let listening = 0;
  cluster.on("listening", (worker) => {
    if (listening === count) console.log(`Worker ${slots.get(worker)! + 1} (process ${worker.process.pid}) is serving again.`);
    else if (++listening === count) console.log(`Peerdesk is running at ${publicUrl} (${count} worker processes)`);
  });
  for (let slot = 0; slot < count; slot++) fork(slot, 0);

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: the workers finish their requests and stop.`);
    const force = setTimeout(() => {
      for (const worker of live) worker.process.kill("SIGKILL");
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    force.unref();
    // A terminal's Ctrl-C reaches the workers too; a second signal to one is ignored by it.
    for (const worker of live) worker.process.kill("SIGTERM");
    if (live.size === 0) process.exit(0);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
