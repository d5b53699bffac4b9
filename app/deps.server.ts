import { migrateDatabase, openDatabase, refreshPlannerStatistics } from "@db/client.server";
import { createLucia } from "~/auth/lucia.server";
import type { AppDeps } from "~/context.server";
import { createMailer } from "~/services/mail.server";
import { createSearchIndex } from "@search/index.server";
import { systemClock, type Clock } from "~/utils/clock";
import type { Env } from "~/utils/env.server";

/**
 * Builds the long-lived parts from configuration; the database is migrated before use (unless
 * `migrate` is false: a worker process, whose primary has migrated it). The planner statistics are
 * the server's to check once it serves (refreshPlannerStatistics): a full check is not for every
 * process that opens the file, nor on the way to the first page. A worker leaves checkpoints to its
 * primary (`checkpointed: "elsewhere"`).
 */
export function createDeps(env: Env, clock: Clock = systemClock, { migrate = true, checkpointed = "here" as "here" | "elsewhere" } = {}): AppDeps {
  const db = openDatabase(env.DATABASE_PATH, { checkpointed });
  if (migrate) migrateDatabase(db);
  return {
    db,
    clock,
    env,
    mailer: createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, mailDir: env.MAIL_DIR }),
    lucia: createLucia(db, { secureCookies: env.PUBLIC_URL.startsWith("https:") }),
    search: createSearchIndex(env, db),
  };
}

export function closeDeps(deps: AppDeps): void {
  deps.mailer.close();
  deps.search.close();
  refreshPlannerStatistics(deps.db);
  deps.db.$client.close();
}
