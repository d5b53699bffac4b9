// `npm run jobs:run-once`: one pass of every background job, for cron-style deployments (JOBS=off).
// It reads the server's configuration the same way (environment variables, then `.env` in the
// current directory): PUBLIC_URL above all, which every link in the mail and webhooks it sends
// starts with. It prints one line per task and job kind, so a cron log shows what happened.
import { closeDeps, createDeps } from "~/deps.server";
import { defaultRegistry, runOnce, type KindReport } from "~/jobs/scheduler.server";
import { DatabaseOpenError } from "@db/client.server";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import { EnvError, loadEnv } from "~/utils/env.server";

function describe({ kind, done, failed, lastError, waiting }: KindReport): string {
  const parts: string[] = [];
  if (done) parts.push(`${done} ${kind === MAIL_JOB ? "sent" : "done"}`);
  if (failed) parts.push(`${failed} failed (${lastError}), retried with backoff`);
  if (waiting) parts.push(`${waiting} waiting`);
  return parts.length ? parts.join(", ") : "nothing to do";
}

function start() {
  try {
    const env = loadEnv();
    return { env, deps: createDeps(env) };
  } catch (error) {
    console.error(error instanceof EnvError || error instanceof DatabaseOpenError ? error.message : error);
    process.exit(1);
  }
}

const { env, deps } = start();
if (!process.env.PUBLIC_URL) {
  console.warn(`PUBLIC_URL is not set: links in mail and webhooks will point at ${env.PUBLIC_URL}. Run this with the server's configuration.`);
}
try {
  console.log(`Background jobs, one pass (links to ${env.PUBLIC_URL}, database ${env.DATABASE_PATH}):`);
  const report = await runOnce(deps, defaultRegistry());
  for (const task of report.tasks) console.log(`  ${task.name}: ${task.summary}`);
  for (const kind of report.kinds) console.log(`  ${kind.kind}: ${describe(kind)}`);
} finally {
  closeDeps(deps);
}
