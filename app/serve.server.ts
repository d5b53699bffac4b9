// Serving requests: the whole app (express, Remix, the routes' build). app/server.ts imports this
// module only in a process that serves, so a WORKERS primary never loads it (a chunk of its own in
// the bundle: esbuild --splitting).
import http, { type ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { refreshPlannerStatistics } from "@db/client.server";
import { closeDeps, createDeps } from "~/deps.server";
import { createExpressApp } from "~/express-app.server";
import type { Scheduler } from "~/jobs/scheduler.server";
import { loadEnv } from "~/utils/env.server";
import { closeGracefully } from "~/utils/graceful-close.server";
import { primaryPrepared, serveHandedConnections } from "~/workers.server";

// The bundled server (`npm run build`: app/cli/bundle-server.ts) names the Remix build bundled beside
// it, sharing its packages; run from source (`npm run dev`), it is Remix's own build/index.js.
declare const BUNDLED_REMIX_BUILD: string | undefined;
const BUILD_PATH = path.resolve(typeof BUNDLED_REMIX_BUILD === "string" ? BUNDLED_REMIX_BUILD : "build/index.js");
// What none of the first page needs waits until the server has answered its first request (or
// has had none for a while), and a moment more: on a busy machine a fixed delay after listening
// ran the jobs' backlog (seconds of reminders, synchronous) ahead of that first page.
const AFTER_START_DELAY_MS = 1_000;
const FIRST_REQUEST_WAIT_MS = 10_000;

/**
 * Serves requests: as the only process (`slot` null, which migrates and prepares the database
 * first) or as one of the primary's workers, which loads the app while the primary prepares.
 */
export async function serve(slot: number | null) {
  // A worker reads the configuration once the primary has validated it (one message, not n).
  const validated = slot === null ? loadEnv() : undefined;
  // The demo community and the search index's check (the only process's to run) and the jobs (after
  // the first page) are loaded when needed: a worker's start loads only what serves pages.
  const [build, prepare] = await Promise.all([
    import(pathToFileURL(BUILD_PATH).href) as Promise<ServerBuild>,
    slot === null ? import("~/prepare.server") : undefined,
    slot === null ? undefined : primaryPrepared(),
  ]);
  const deps = createDeps(validated ?? loadEnv(), undefined, { migrate: slot === null, checkpointed: slot === null ? "here" : "elsewhere" });
  const { env } = deps;
  if (prepare) await prepare.prepareDatabase(deps);

  const app = createExpressApp(deps, { build, publicDir: path.resolve("public"), mode: env.NODE_ENV });
  // A worker serves the connections the primary accepts and hands it (serveHandedConnections).
  const server =
    slot === null
      ? app
          .listen(env.PORT, env.HOST, () => {
            console.log(`Peerdesk is running at ${env.PUBLIC_URL}`);
            if (env.NODE_ENV === "development") void broadcastDevReady(build);
          })
          .once("error", (error) => {
            // A port in use or not permitted: one line, as with workers (app/workers.server.ts).
            console.error(`Cannot accept connections: ${error.message}`);
            closeDeps(deps);
            process.exit(1);
          })
      : http.createServer(app);
  const graceful = closeGracefully(server);
  if (slot !== null) serveHandedConnections(server);

  // The first pass of the jobs (a backlog of reminders, mail, search updates) and the check of the
  // planner statistics wait (issue 14: cold start); with workers the primary checks the statistics.
  // With workers, the first runs the jobs: they are claimed under locks, so more would be safe, but idle.
  let scheduler: Scheduler | undefined;
  const runsJobs = env.JOBS === "on" && (slot === null || slot === 0);
  let jobsStart: NodeJS.Timeout | undefined;
  const startBackground = () => {
    if (jobsStart || stopping) return;
    jobsStart = setTimeout(async () => {
      if (slot === null) refreshPlannerStatistics(deps.db, { allTables: true });
      if (!runsJobs) return;
      const { defaultRegistry, startScheduler } = await import("~/jobs/scheduler.server");
      if (!stopping) scheduler = startScheduler(deps, defaultRegistry());
    }, AFTER_START_DELAY_MS);
  };
  const noRequest = setTimeout(startBackground, FIRST_REQUEST_WAIT_MS);
  server.once("request", (_request, response: ServerResponse) =>
    response.once("close", () => {
      clearTimeout(noRequest);
      startBackground();
    }),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests and stopping.`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    clearTimeout(noRequest);
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
