import Database from "better-sqlite3";
import { BUSY_TIMEOUT_MS } from "./write-lock.server";

/**
 * Pages of write-ahead log after which a worker checkpoints it itself, should the primary's
 * checkpoints (checkpointContinually) fall behind: ~40 MB, ten times SQLite's default.
 */
export const WORKER_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Copies the write-ahead log into the database file every `everyMs`, on a connection of its own, in
 * the WORKERS primary, which serves nothing. Left to SQLite, the commit that grows the log past 1,000
 * pages checkpoints it, with an fsync, in the worker that made it: 10-30 ms during which that
 * worker answered nobody (issue 14: a commit's p99 was 11 ms while posting). A passive checkpoint
 * waits for no one: readers and writers go on, and it copies what they have finished with.
 */
export function checkpointContinually(file: string, everyMs = 250): { stop: () => void } {
  const checkpointer = createCheckpointer(file);
  const timer = setInterval(() => {
    try {
      checkpointer.checkpoint();
    } catch (error) {
      // Tried again next time; the workers' own checkpoints are the fallback.
      console.error("WAL checkpoint failed:", error instanceof Error ? error.message : error);
    }
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      checkpointer.close();
    },
  };
}

export interface CheckpointResult {
  /** Pages in the write-ahead log, and how many of them are now in the database file. */
  logPages: number;
  checkpointedPages: number;
}

/** One passive checkpoint at a time, on a connection of its own. */
export function createCheckpointer(file: string): { checkpoint: () => CheckpointResult; close: () => void } {
  const sqlite = new Database(file);
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const statement = sqlite.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  return {
    checkpoint() {
      const { log, checkpointed } = statement.get() as { busy: number; log: number; checkpointed: number };
      return { logPages: log, checkpointedPages: checkpointed };
    },
    close: () => sqlite.close(),
  };
}
