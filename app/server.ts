// The process entry: `npm start` runs it after `remix build`; `npm run dev` runs it under remix dev.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { seedIfEmpty } from "@db/seed";
import { closeDeps, createDeps } from "~/deps.server";
import { createExpressApp } from "~/express-app.server";
import { defaultRegistry, startScheduler, type Scheduler } from "~/jobs/scheduler.server";
import { EnvError, loadEnv } from "~/utils/env.server";
import { DatabaseOpenError } from "@db/client.server";
import { prepareSearch } from "@search/sync.server";

const BUILD_PATH = path.resolve("build/index.js");

async function main() {
  const env = loadEnv();
  const deps = createDeps(env);
  if (env.SEED === "on") {
    const seeded = await seedIfEmpty(deps);
    if (seeded) {
      console.log("Loaded the demo community. Demo accounts (password for all: %s):", seeded.password);
      for (const account of seeded.accounts) console.log(`  ${account.email.padEnd(20)} ${account.demoAs} (${account.role})`);
    }
  }
  await prepareSearch(deps);

  const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  const app = createExpressApp(deps, { build, publicDir: path.resolve("public"), mode: env.NODE_ENV });
  const server = app.listen(env.PORT, env.HOST, () => {
    console.log(`Peerdesk is running at ${env.PUBLIC_URL}`);
    if (env.NODE_ENV === "development") void broadcastDevReady(build);
  });

  let scheduler: Scheduler | undefined;
  if (env.JOBS === "on") scheduler = startScheduler(deps, defaultRegistry());

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests and stopping.`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // Keep-alive connections turn idle as their last request finishes; close them as they do,
    // so shutdown waits for work in flight, not for keep-alive timeouts.
    const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
    server.close(async () => {
      clearInterval(closeIdle);
      await scheduler?.stop();
      closeDeps(deps);
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error) => {
  if (error instanceof EnvError || error instanceof DatabaseOpenError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
