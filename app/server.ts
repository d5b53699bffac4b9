// The process entry: `npm start` runs it after `remix build`; `npm run dev` runs it under remix dev.
// It must be the process that receives SIGTERM (`node --import tsx`, not the tsx command, whose
// signal relay kills a child that takes more than 60 ms to acknowledge: a busy server, mid-request).
import cluster from "node:cluster";
import { seedIfEmpty } from "@db/seed";
import { closeDeps, createDeps } from "~/deps.server";
import { EnvError, loadEnv } from "~/utils/env.server";
import type { AppDeps } from "~/context.server";
import { superviseWorkers, workerSlot } from "~/workers.server";
import { DatabaseOpenError } from "@db/client.server";
import { prepareSearch } from "@search/sync.server";

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
  const { serve } = await import("./serve.server");
  await serve(env, workerSlot(), prepareDatabase);
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

main().catch((error) => {
  if (error instanceof EnvError || error instanceof DatabaseOpenError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
