// The process entry: `npm start` runs it after `remix build`; `npm run dev` runs it under remix dev.
// It must be the process that receives SIGTERM (`node --import tsx`, not the tsx command, whose
// signal relay kills a child that takes more than 60 ms to acknowledge: a busy server, mid-request).
// It imports nothing heavy itself: a WORKERS primary forks its first worker before loading the code
// that prepares the database, so both load side by side (issue 14: cold start).
import cluster from "node:cluster";
import fs from "node:fs";
import { plannedWorkers, superviseWorkers, workerSlot } from "~/workers.server";

async function main() {
  // Read here as well as by loadEnv: WORKERS may be set there.
  if (cluster.isPrimary && fs.existsSync(".env")) process.loadEnvFile(".env");
  const workers = plannedWorkers(process.env);
  if (cluster.isPrimary && workers > 1) return runPrimary(workers);
  const { serve } = await import("./serve.server");
  await serve(workerSlot());
}

/**
 * Migrations, the demo and the search index's check run once, here, while the first worker loads;
 * the workers open the database once they are done. The planner statistics are checked once all
 * workers serve: none of it is needed for the first page.
 */
async function runPrimary(count: number) {
  let finish = () => {};
  const supervisor = superviseWorkers({ count, onListening: () => finish() });
  try {
    const [{ loadEnv }, { createDeps, closeDeps }, { prepareDatabase }, { refreshPlannerStatistics }, { checkpointContinually }] = await Promise.all([
      import("~/utils/env.server"),
      import("~/deps.server"),
      import("./prepare.server"),
      import("@db/client.server"),
      import("@db/checkpoints.server"),
    ]);
    const env = loadEnv();
    const deps = createDeps(env);
    await prepareDatabase(deps);
    finish = () => {
      refreshPlannerStatistics(deps.db, { allTables: true });
      closeDeps(deps);
    };
    // The workers leave checkpoints of the write-ahead log to this process, which serves nothing.
    checkpointContinually(env.DATABASE_PATH);
    supervisor.prepared({ publicUrl: env.PUBLIC_URL, port: env.PORT, host: env.HOST });
  } catch (error) {
    supervisor.abort();
    throw error;
  }
}

main().catch(async (error: unknown) => {
  const [{ EnvError }, { DatabaseOpenError }] = await Promise.all([import("~/utils/env.server"), import("@db/client.server")]);
  if (error instanceof EnvError || error instanceof DatabaseOpenError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
