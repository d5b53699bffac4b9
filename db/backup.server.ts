import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export class BackupError extends Error {}

export interface BackupResult {
  source: string;
  destination: string;
  bytes: number;
  pages: number;
  durationMs: number;
}

// sqlite3_backup_step copies this many pages at most: all of them, in one step.
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the live database at `source` to `destination` with SQLite's online backup API.
 *
 * All pages are copied in one step, inside one read transaction: in WAL mode that never blocks the
 * server's writes, and the copy is one consistent snapshot. (Copying a few pages per step would
 * restart from the first page each time another process writes, so a busy forum's backup might
 * never finish.) The copy is written beside the destination, checked with `PRAGMA quick_check`,
 * then renamed into place, so a backup that fails or is interrupted never leaves a partial file
 * under the destination's name. An existing destination is replaced only with `force`.
 */
export async function backupDatabase(source: string, destination: string, { force = false } = {}): Promise<BackupResult> {
  const started = performance.now();
  const from = path.resolve(source);
  const to = path.resolve(destination);
  if (from === to) throw new BackupError("The backup must go to another file than the database itself");
  if (!force && fs.existsSync(to)) throw new BackupError(`${to} already exists: choose another name, or pass --force to replace it`);
  if (!fs.existsSync(from)) throw new BackupError(`No database at ${from} (DATABASE_PATH)`);
  let db: Database.Database;
  try {
    // fileMustExist: a mistyped DATABASE_PATH must not create (and back up) an empty database.
    db = new Database(from, { fileMustExist: true });
  } catch (error) {
    throw new BackupError(`Cannot open the database at ${from}: ${error instanceof Error ? error.message : String(error)}`);
  }
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.partial-${process.pid}`;
  try {
    db.pragma("busy_timeout = 5000");
    const { totalPages } = await db.backup(partial, { progress: () => ALL_PAGES });
    const check = new Database(partial);
    try {
      const verdict = check.pragma("quick_check", { simple: true });
      if (verdict !== "ok") throw new BackupError(`The copy failed its check (${String(verdict)}); the database itself may be damaged`);
    } finally {
      check.close();
    }
    fs.renameSync(partial, to);
    return { source: from, destination: to, bytes: fs.statSync(to).size, pages: totalPages, durationMs: Math.round(performance.now() - started) };
  } finally {
    db.close();
    for (const leftover of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });
  }
}
