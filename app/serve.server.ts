// Serving requests: the whole app (express, Remix, the routes' build). app/server.ts imports this
// module only in a process that serves, so a WORKERS primary never loads it (a chunk of its own in
// the bundle: esbuild --splitting).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import type { AppDeps } from "~/context.server";
import { closeDeps, createDeps } from "~/deps.server";
import { createExpressApp } from "~/express-app.server";
import { defaultRegistry, startScheduler, type Scheduler } from "~/jobs/scheduler.server";
import type { Env } from "~/utils/env.server";
import { closeGracefully } from "~/utils/graceful-close.server";

const BUILD_PATH = path.resolve("build/index.js");
const JOBS_START_DELAY_MS = 1_000;

/**
 * Serves requests: as the only process (`slot` null, which migrates and runs `prepare` first) or as
 * one of the primary's workers.
 */
export async function serve(env: Env, slot: number | null, prepare: (deps: AppDeps) => Promise<void>) {
  const deps = createDeps(env, undefined, { migrate: slot === null });
  if (slot === null) await prepare(deps);

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
