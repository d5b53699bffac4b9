import { createLucia } from "~/auth/lucia.server";
import type { AppDeps } from "~/context.server";
import type { MailMessage, Mailer } from "~/services/mail.server";
import { ManualClock } from "~/utils/clock";
import { parseEnv } from "~/utils/env.server";
import { createSqliteFtsIndex } from "@search/sqlite-fts.server";
import { openDatabase } from "@db/client.server";
import { copyTemplateDb } from "./db";

/** Collects messages instead of sending them, for tests that only count what would be sent. */
export class MemoryMailer implements Mailer {
  sent: MailMessage[] = [];
  async send(message: MailMessage) {
    this.sent.push(message);
  }
  close() {}
}

export interface TestDeps extends AppDeps {
  clock: ManualClock;
  file: string;
}

/** Everything a service needs, on a fresh database file, with a clock the test controls. */
export function createTestDeps(overrides: Partial<AppDeps> = {}, env: Record<string, string> = {}): TestDeps {
  return createTestDepsOn(copyTemplateDb(), overrides, env);
}

/** The same parts on a database file that already exists (one a command or server has used). */
export function createTestDepsOn(file: string, overrides: Partial<AppDeps> = {}, env: Record<string, string> = {}): TestDeps {
  const db = openDatabase(file);
  const clock = new ManualClock();
  return {
    db,
    file,
    clock,
    env: parseEnv({ NODE_ENV: "test", JOBS: "off", DATABASE_PATH: file, ...env }),
    mailer: new MemoryMailer(),
    lucia: createLucia(db, { secureCookies: false }),
    search: createSqliteFtsIndex(db),
    ...overrides,
  } as TestDeps;
}
