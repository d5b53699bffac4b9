import type Database from "better-sqlite3";

/** How long a connection waits for another's write lock before SQLite's busy error. */
export const BUSY_TIMEOUT_MS = 5000;
const FIRST_RETRY_MS = 0.05;
const LONGEST_RETRY_MS = 1;
const retryClock = new Int32Array(new SharedArrayBuffer(4));

interface LockStatements {
  timeout: Database.Statement<[], number>;
  noWaiting: Database.Statement;
  /** Sets busy_timeout back, one statement per value it had (in practice one). */
  restore: Map<number, Database.Statement>;
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
}
const lockStatements = new WeakMap<Database.Database, LockStatements>();

/**
 * Runs `work` inside `BEGIN IMMEDIATE … COMMIT` on the raw connection (a transaction `work` opens
 * becomes a savepoint in it). Waiting for another process's write lock is done here, not by
 * SQLite's busy handler: that one sleeps 1, 2, 5, 10, 15, 20, 25 ms … between tries, and the
 * connection is synchronous, so every millisecond it oversleeps a lock held for well under one
 * stops the whole process, pages for guests included (issue 14: with two workers posting, a
 * worker's BEGIN took 18 ms at p99 and 110 ms at worst). Here the tries come 0.05 ms apart at
 * first, 1 ms at most, for as long as the connection's busy_timeout allows, after which SQLite's busy
 * error is thrown (and a form says so, with a 503: app/utils/http.server.ts).
 */
export function holdingWriteLock<T>(sqlite: Database.Database, work: () => T): T {
  if (sqlite.inTransaction) return work();
  let statements = lockStatements.get(sqlite);
  if (!statements) {
    statements = {
      timeout: sqlite.prepare<[], number>("PRAGMA busy_timeout").pluck(),
      noWaiting: sqlite.prepare("PRAGMA busy_timeout = 0"),
      restore: new Map(),
      begin: sqlite.prepare("BEGIN IMMEDIATE"),
      commit: sqlite.prepare("COMMIT"),
      rollback: sqlite.prepare("ROLLBACK"),
    };
    lockStatements.set(sqlite, statements);
  }
  beginImmediate(sqlite, statements);
  let result: T;
  try {
    result = work();
    statements.commit.run();
  } catch (error) {
    if (sqlite.inTransaction) statements.rollback.run();
    throw error;
  }
  return result;
}

function beginImmediate(sqlite: Database.Database, statements: LockStatements): void {
  // The connection's own setting (BUSY_TIMEOUT_MS as openDatabase leaves it) is how long to wait.
  const timeoutMs = statements.timeout.get() ?? BUSY_TIMEOUT_MS;
  let restore = statements.restore.get(timeoutMs);
  if (!restore) statements.restore.set(timeoutMs, (restore = sqlite.prepare(`PRAGMA busy_timeout = ${Number(timeoutMs)}`)));
  statements.noWaiting.run();
  try {
    const deadline = performance.now() + timeoutMs;
    let pause = FIRST_RETRY_MS;
    for (;;) {
      try {
        statements.begin.run();
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY" || performance.now() >= deadline) throw error;
      }
      Atomics.wait(retryClock, 0, 0, pause);
      pause = Math.min(LONGEST_RETRY_MS, pause * 2);
    }
  } finally {
    restore.run();
  }
}
