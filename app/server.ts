// The process entry: `npm start` runs it after `remix build`; `npm run dev` runs it under remix dev.
// It must be the process that receives SIGTERM (`node --import tsx`, not the tsx command, whose
// signal relay kills a child that takes more than 60 ms to acknowledge: a busy server, mid-request).
import cluster from "node:cluster";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { seedIfEmpty } from "@db/seed";
import { closeDeps, createDeps } from "~/deps.server";
import { createExpressApp } from "~/express-app.server";
import { closeGracefully } from "~/utils/graceful-close.server";
import { defaultRegistry, startScheduler, type Scheduler } from "~/jobs/scheduler.server";
import { EnvError, loadEnv, type Env } from "~/utils/env.server";
import type { AppDeps } from "~/context.server";
import { superviseWorkers, workerSlot } from "~/workers.server";
import { DatabaseOpenError } from "@db/client.server";
import { prepareSearch } from "@search/sync.server";

const BUILD_PATH = path.resolve("build/index.js");
const JOBS_START_DELAY_MS = 1_000;

async function main() {
  const env = loadEnv();
  // Development reloads one process (remix dev); several are for production.
  const workers = env.NODE_ENV === "development" ? 1 : env.WORKERS;
  if (cluster.isPrimary && workers > 1) {
    // Migrations, the demo and the search index's check run once, here, before any worker starts.
    const deps = createDeps(env);
    await prepareDatabase(deps);
    closeDeps(deps);
    superviseWorkers({ count: workers, publicUrl: env.PUBLIC_URL });
    return;
  }
  await serve(env, workerSlot());
}

async function prepareDatabase(deps: AppDeps) {
  if (deps.env.SEED === "on") {
    const seeded = await seedIfEmpty(deps);
    if (seeded) {
      console.log("Loaded the demo community. Demo accounts (password for all: %s):", seeded.password);
      for (const account of seeded.accounts) console.log(`  ${account.email.padEnd(20)} ${account.demoAs} (${account.role})`);
    }
  }
  await prepareSearch(deps);
}

/** Serves requests: as the only process (`slot` null) or as one of the primary's workers. */
async function serve(env: Env, slot: number | null) {
  const deps = createDeps(env, undefined, { migrate: slot === null });
  if (slot === null) await prepareDatabase(deps);

  const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  const app = createExpressApp(deps, { build, publicDir: path.resolve("public"), mode: env.NODE_ENV });
  const server = app.listen(env.PORT, env.HOST, () => {
    // With workers, the primary says it once all of them listen.
    if (slot === null) console.log(`Peerdesk is running at ${env.PUBLIC_URL}`);
    if (env.NODE_ENV === "development") void broadcastDevReady(build);
  });
  const graceful = closeGracefully(server);

  // The first pass of the jobs (a backlog of reminders, mail, search updates) waits until the server
  // has had a moment to answer: none of it is needed for the first page (issue 14: cold start).
  // With workers, the first runs them: jobs are claimed under locks, so more would be safe, but idle.
  let scheduler: Scheduler | undefined;
  const runsJobs = env.JOBS === "on" && (slot === null || slot === 0);
  const jobsStart = runsJobs ? setTimeout(() => (scheduler = startScheduler(deps, defaultRegistry())), JOBS_START_DELAY_MS) : undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests and stopping.`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    clearTimeout(jobsStart);
    void graceful.close().then(async () => {
      await scheduler?.stop();
      closeDeps(deps);
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  // A worker whose primary died (killed outright) has nobody to restart or stop it.
  if (slot !== null) process.on("disconnect", () => shutdown("Primary process gone"));
}

main().catch((error) => {
  if (error instanceof EnvError || error instanceof DatabaseOpenError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
