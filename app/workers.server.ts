// WORKERS=n: the primary process forks n server processes (node:cluster) that share the SQLite file
// (WAL: many readers, one writer at a time) and serve the connections it accepts on the port. It
// renders nothing itself: it migrates and seeds while the first worker loads the app, deals out
// connections, restarts a worker that dies, and on SIGTERM or SIGINT stops accepting, then stops
// them all and exits once they have finished their requests.
// This module is all the primary loads before forking (no zod, no database): cold start, issue 14.
import cluster, { type Worker } from "node:cluster";
import type http from "node:http";
import net from "node:net";
import os from "node:os";

const SLOT = "PEERDESK_WORKER_SLOT";
// A worker loads its code, then asks whether the database is migrated (and seeded); the primary
// answers once it is, and only then does the worker open it and listen. Asked, not announced: a
// message that reaches a worker before it listens for it is lost.
const ASK_PREPARED = "peerdesk:prepared?";
const PREPARED = "peerdesk:prepared";
// A message one worker shares with the others (shareWithWorkers): the primary passes it on.
const SHARED = "peerdesk:shared";
// A worker ready to serve says so; the primary then hands it connections, each with this message.
const ACCEPTING = "peerdesk:accepting";
const CONNECTION = "peerdesk:connection";
// A worker that keeps dying is restarted ever more slowly, so a crash loop does not spin; one
// that ran this long before dying counts as healthy again.
const RESTART_DELAYS_MS = [100, 1_000, 5_000, 15_000, 30_000];
const HEALTHY_AFTER_MS = 60_000;
// Workers finish their own requests within 10 s (app/server.ts); past this they are killed.
const STOP_TIMEOUT_MS = 15_000;

export const WORKER_MALLOC_ARENAS = 2;
export const WORKER_HEAP_LIMIT_MB = 1024;

/**
 * What a worker is started with to keep its memory near what it uses (issue 14: peak RSS). Measured on
 * the benchmark (a worker's RSS 290-340 MB, nearly all anonymous memory):
 * - V8 sizes the old generation's next collection by how much memory it may have: with no limit given
 *   that is ~4 GB here, and it lets the old space grow to four times what survived the last
 *   collection (115-126 MB of old space for ~40 MB live). A 1 GB limit, twenty times a worker's live
 *   heap, makes that factor ~1.6 (47-54 MB of old space); a worker near it would be collecting hard
 *   well before, and the primary restarts one that runs out.
 * - glibc gives each thread that allocates its own malloc arena (up to eight per core), and a worker's
 *   threads all do: libuv's pool compresses responses (zlib, brotli), V8's helpers collect garbage.
 *   Each arena keeps its freed memory: with two, a worker's native memory peaked at 85-86 MB instead of
 *   89-111 MB (the same scenarios, the heap limit set in both).
 * A value the operator set (MALLOC_ARENA_MAX, --max-old-space-size in NODE_OPTIONS or node's own
 * arguments) is kept. glibc reads MALLOC_ARENA_MAX when a process starts, so it is given to a worker
 * at fork; a single process (WORKERS=1) has no launcher to do it: see the README.
 */
export function workerRuntime(env: Record<string, string | undefined>, execArgv: readonly string[]): { env: Record<string, string>; execArgv: string[] } {
  const heapLimitSet = [...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)].some((arg) => /^--max[-_]old[-_]space[-_]size\b/.test(arg));
  return {
    env: env.MALLOC_ARENA_MAX ? {} : { MALLOC_ARENA_MAX: String(WORKER_MALLOC_ARENAS) },
    execArgv: heapLimitSet ? [...execArgv] : [...execArgv, `--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`],
  };
}

/** This process's place among the workers (0 runs the background jobs); null when it is the only process. */
export function workerSlot(): number | null {
  return cluster.isWorker ? Number(process.env[SLOT]) : null;
}

/**
 * How many server processes to run, read before the configuration is validated (which loads zod)
 * so that the first worker can be forked at once. A bad WORKERS value is refused by that
 * validation, in the primary, before any worker is told to start.
 */
export function plannedWorkers(source: NodeJS.ProcessEnv): number {
  // Development reloads one process (remix dev); several are for production.
  if (source.NODE_ENV === "development") return 1;
  const asked = Number(source.WORKERS);
  return source.WORKERS && Number.isInteger(asked) && asked >= 1 ? asked : os.availableParallelism();
}

/** In a worker: resolves once the primary has prepared the database. */
export function primaryPrepared(): Promise<void> {
  return new Promise((resolve) => {
    const listen = (message: unknown) => {
      if (message !== PREPARED) return;
      process.off("message", listen);
      resolve();
    };
    process.on("message", listen);
    process.send!(ASK_PREPARED);
  });
}

interface SharedMessage {
  [SHARED]: string;
  payload: unknown;
}

function isShared(message: unknown): message is SharedMessage {
  return typeof message === "object" && message !== null && typeof (message as Record<string, unknown>)[SHARED] === "string";
}

/** What workers tell each other on one topic (through the primary); see workerPeers(). */
export interface WorkerPeers {
  /** Hands `payload` to the other workers' handlers. */
  share(payload: unknown): void;
  /** Calls `handle` with what other workers share. */
  receive(handle: (payload: unknown) => void): void;
}

/**
 * In a worker: a channel to the other workers on `topic`, through the primary, for work one of them
 * did that the others would otherwise do again; null in a single process, which has no others.
 */
export function workerPeers(topic: string): WorkerPeers | null {
  if (!cluster.isWorker || !process.send) return null;
  return {
    share(payload) {
      const message: SharedMessage = { [SHARED]: topic, payload };
      if (process.connected) process.send!(message);
    },
    receive(handle) {
      process.on("message", (message) => {
        if (isShared(message) && message[SHARED] === topic) handle(message.payload);
      });
    },
  };
}

/**
 * In a worker: serves with `server` (which does not listen itself) the connections the primary hands
 * this process, and tells the primary it is ready for them.
 */
export function serveHandedConnections(server: http.Server): void {
  process.on("message", (message, handle) => {
    if (message !== CONNECTION || !(handle instanceof net.Socket)) return;
    // As a listening server does for the connections it accepts: responses are not held back
    // waiting for the client's acknowledgement of the last packet (Nagle's algorithm).
    handle.setNoDelay(true);
    server.emit("connection", handle);
    handle.resume();
  });
  // The channel to the primary is what keeps a worker running between connections: it listens on no
  // port itself. It stops on the primary's signal, or when the primary is gone (app/serve.server.ts).
  process.channel?.ref();
  process.send!(ACCEPTING);
}

/** Where the primary accepts connections for the workers. */
export interface Listening {
  publicUrl: string;
  port: number;
  host: string;
}

export interface Supervisor {
  /** The database is ready: waiting workers open it; the primary listens on `port`. */
  prepared(listening: Listening): void;
  /** Preparing failed: the workers are stopped without having served. */
  abort(): void;
}

/**
 * Hands each connection to the next worker ready to serve, in strict turn. node:cluster's own
 * round robin hands queued connections to whichever worker acknowledges its last one first: eight
 * connections opened at once went seven to one worker, one to the other, and the writers among them
 * queued on one core while the other served guests (issue 14: posting). Connections that arrive
 * while no worker is ready wait, paused, for the first that is.
 */
function connectionDealer() {
  const ready: Worker[] = [];
  const waiting = new Set<net.Socket>();
  let turn = 0;
  const handTo = (worker: Worker, socket: net.Socket) =>
    worker.send(CONNECTION, socket, (error: Error | null) => {
      // The worker died as it was handed over: the client sees the connection reset.
      if (error) socket.destroy();
    });
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    if (ready.length === 0) {
      waiting.add(socket);
      socket.once("close", () => waiting.delete(socket));
      return;
    }
    turn = (turn + 1) % ready.length;
    handTo(ready[turn]!, socket);
  });
  return {
    server,
    ready(worker: Worker) {
      ready.push(worker);
      for (const socket of waiting) handTo(worker, socket);
      waiting.clear();
    },
    gone(worker: Worker) {
      const index = ready.indexOf(worker);
      if (index !== -1) ready.splice(index, 1);
    },
    close() {
      server.close();
      for (const socket of waiting) socket.destroy();
    },
  };
}

/**
 * Forks the workers: the first at once, the others once it serves, so that on a small machine
 * the first does not share the cores with them while it loads (cold start counts to the first
 * page served). They wait for `prepared()` before opening the database.
 */
export function superviseWorkers({ count, onListening }: { count: number; onListening?: () => void }): Supervisor {
  let stopping = false;
  let publicUrl: string | null = null;
  const live = new Set<Worker>();
  const waiting = new Set<Worker>();
  const dealer = connectionDealer();

  const slots = new Map<Worker, number>();
  const served = new Set<number>();
  const runtime = workerRuntime(process.env, process.execArgv);
  // Structured clone, not JSON: pages shared between workers carry their bytes as they are (base64
  // in JSON was ~5 % of a worker's time while posting: app/utils/shared-pages.server.ts).
  cluster.setupPrimary({ execArgv: runtime.execArgv, serialization: "advanced" });
  const accepting = (worker: Worker) => {
    const slot = slots.get(worker)!;
    dealer.ready(worker);
    if (served.has(slot)) return console.log(`Worker ${slot + 1} (process ${worker.process.pid}) is serving again.`);
    served.add(slot);
    if (slot === 0) for (let other = 1; other < count; other++) fork(other, 0);
    if (served.size === count) {
      console.log(`Peerdesk is running at ${publicUrl} (${count} worker processes)`);
      onListening?.();
    }
  };
  const fork = (slot: number, crashes: number) => {
    const startedAt = Date.now();
    const worker = cluster.fork({ ...runtime.env, [SLOT]: String(slot) });
    live.add(worker);
    slots.set(worker, slot);
    worker.on("message", (message) => {
      if (isShared(message)) {
        for (const other of live) if (other !== worker && !waiting.has(other) && other.isConnected()) other.send(message);
        return;
      }
      if (message === ACCEPTING) return accepting(worker);
      if (message !== ASK_PREPARED) return;
      if (publicUrl === null) waiting.add(worker);
      else worker.send(PREPARED);
    });
    worker.once("exit", (code, signal) => {
      dealer.gone(worker);
      live.delete(worker);
      waiting.delete(worker);
      slots.delete(worker);
      // process.exitCode: 1 when the port could not be listened on.
      if (stopping) return void (live.size === 0 && process.exit());
      const again = Date.now() - startedAt > HEALTHY_AFTER_MS ? 0 : crashes + 1;
      const delay = RESTART_DELAYS_MS[Math.min(again, RESTART_DELAYS_MS.length - 1)]!;
      console.error(`Worker ${slot + 1} (process ${worker.process.pid}) stopped (${signal ?? `exit code ${code}`}); starting another in ${delay} ms.`);
      setTimeout(() => stopping || fork(slot, again), delay);
    });
  };
  fork(0, 0);

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    dealer.close();
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
  const abort = () => {
    stopping = true;
    dealer.close();
    for (const worker of live) worker.process.kill("SIGKILL");
  };
  dealer.server.on("error", (error) => {
    console.error(`Cannot accept connections: ${error.message}`);
    abort();
    process.exitCode = 1;
  });

  return {
    prepared(listening) {
      publicUrl = listening.publicUrl;
      dealer.server.listen(listening.port, listening.host);
      for (const worker of waiting) worker.send(PREPARED);
      waiting.clear();
    },
    abort,
  };
}
