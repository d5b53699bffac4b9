// `npm run jobs:run-once`: one pass of every background job, for cron-style deployments (JOBS=off).
import { closeDeps, createDeps } from "~/deps.server";
import { defaultRegistry, runOnce } from "~/jobs/scheduler.server";
import { loadEnv } from "~/utils/env.server";

const deps = createDeps(loadEnv());
try {
  await runOnce(deps, defaultRegistry());
} finally {
  closeDeps(deps);
}
