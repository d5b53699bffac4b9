import type Database from "better-sqlite3";

/** How long a connection waits for another's write lock before SQLite's busy error. */
export const BUSY_TIMEOUT_MS = 5000;
const FIRST_RETRY_MS = 0.05;
const LONGEST_RETRY_MS = 1;
const retryClock = new Int32Array(new SharedArrayBuffer(4));

interface LockStatements {
  noWaiting: Database.Statement;
  waiting: Database.Statement;
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
 * first, 1 ms at most, for as long as busy_timeout allows, after which SQLite's busy error is thrown.
 */
export function holdingWriteLock<T>(sqlite: Database.Database, work: () => T): T {
  if (sqlite.inTransaction) return work();
  let statements = lockStatements.get(sqlite);
  if (!statements) {
    statements = {
      noWaiting: sqlite.prepare("PRAGMA busy_timeout = 0"),
      waiting: sqlite.prepare(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`),
      begin: sqlite.prepare("BEGIN IMMEDIATE"),
      commit: sqlite.prepare("COMMIT"),
      rollback: sqlite.prepare("ROLLBACK"),
    };
    lockStatements.set(sqlite, statements);
  }
  beginImmediate(statements);
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

function beginImmediate(statements: LockStatements): void {
  statements.noWaiting.run();
  try {
    const deadline = performance.now() + BUSY_TIMEOUT_MS;
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
    statements.waiting.run();
  }
}
