import type Database from "better-sqlite3";

/** How long a connection waits for another's write lock before SQLite's busy error. */
export const BUSY_TIMEOUT_MS = 5000;
const FIRST_RETRY_MS = 0.05;
const LONGEST_RETRY_MS = 1;
// A timer's tries: it fires no sooner than 1 ms, and a write holds the lock for about that long.
const LONGEST_TURN_WAIT_MS = 4;
const retryClock = new Int32Array(new SharedArrayBuffer(4));

interface LockStatements {
  timeout: Database.Statement<[], number>;
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
  const statements = statementsOf(sqlite);
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

/** Waits between tries of `inWriteTurn`: a timer, so the process serves others meanwhile. */
const pauseFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (synchronous, like every service) holding the write lock, waiting for it without
 * stopping the process: while another process writes, this one's event loop goes on serving
 * pages, where `holdingWriteLock` would sleep through it (issue 14: two workers answering at once
 * spent ~5 % of their time asleep there). The lock is taken before `work` starts and kept until it
 * ends, so `work`'s own transactions become savepoints that undo themselves when they throw; what
 * it wrote outside them is committed either way, as it would have been statement by statement.
 * After the connection's busy_timeout SQLite's busy error is thrown, as `holdingWriteLock` does.
 */
export async function inWriteTurn<T>(sqlite: Database.Database, work: () => T): Promise<T> {
  if (sqlite.inTransaction) return work();
  const statements = statementsOf(sqlite);
  const timeoutMs = busyTimeoutOf(statements);
  const deadline = performance.now() + timeoutMs;
  let pause = 1;
  while (!tryBeginImmediate(sqlite, statements, timeoutMs, performance.now() >= deadline)) {
    await pauseFor(pause);
    pause = Math.min(LONGEST_TURN_WAIT_MS, pause * 2);
  }
  // From here to COMMIT nothing may await: every request of this process shares the connection.
  let result: T;
  try {
    result = work();
  } catch (error) {
    commitIfOpen(sqlite, statements);
    throw error;
  }
  if (result instanceof Promise) {
    statements.rollback.run();
    throw new TypeError("inWriteTurn: the work must be synchronous");
  }
  commitIfOpen(sqlite, statements);
  return result;
}

function commitIfOpen(sqlite: Database.Database, statements: LockStatements): void {
  if (!sqlite.inTransaction) return;
  try {
    statements.commit.run();
  } catch (error) {
    if (sqlite.inTransaction) statements.rollback.run();
    throw error;
  }
}

function statementsOf(sqlite: Database.Database): LockStatements {
  let statements = lockStatements.get(sqlite);
  if (!statements) {
    statements = {
      timeout: sqlite.prepare<[], number>("PRAGMA busy_timeout").pluck(),
      begin: sqlite.prepare("BEGIN IMMEDIATE"),
      commit: sqlite.prepare("COMMIT"),
      rollback: sqlite.prepare("ROLLBACK"),
    };
    lockStatements.set(sqlite, statements);
  }
  return statements;
}

/** The connection's busy_timeout: how long a write may wait for the lock. */
function busyTimeoutOf(statements: LockStatements): number {
  return statements.timeout.get() ?? BUSY_TIMEOUT_MS;
}

/**
 * One try at BEGIN IMMEDIATE with SQLite's busy handler off: false while another connection holds
 * the lock, unless it is the `last`. The pragma is run through `pragma()`, which prepares it anew:
 * a prepared `PRAGMA busy_timeout = N` kept and run again does not set it on its first run, which
 * left the first write of every connection to SQLite's sleeping handler.
 */
function tryBeginImmediate(sqlite: Database.Database, statements: LockStatements, timeoutMs: number, last: boolean): boolean {
  sqlite.pragma("busy_timeout = 0");
  try {
    statements.begin.run();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== "SQLITE_BUSY" || last) throw error;
    return false;
  } finally {
    sqlite.pragma(`busy_timeout = ${Number(timeoutMs)}`);
  }
}

function beginImmediate(sqlite: Database.Database, statements: LockStatements): void {
  // The connection's own setting (BUSY_TIMEOUT_MS as openDatabase leaves it) is how long to wait.
  const timeoutMs = busyTimeoutOf(statements);
  const deadline = performance.now() + timeoutMs;
  let pause = FIRST_RETRY_MS;
  while (!tryBeginImmediate(sqlite, statements, timeoutMs, performance.now() >= deadline)) {
    Atomics.wait(retryClock, 0, 0, pause);
    pause = Math.min(LONGEST_RETRY_MS, pause * 2);
  }
}
