import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { WORKER_AUTOCHECKPOINT_PAGES } from "./checkpoints.server";
import * as schema from "./schema";
import { BUSY_TIMEOUT_MS, holdingWriteLock } from "./write-lock.server";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// From the checkout, as build/ and public/ are: the production server runs as one bundled file
// (build/server.js), so this module's own location says nothing about where the migrations are.
export const MIGRATIONS_FOLDER = path.resolve("db/migrations");

export class DatabaseOpenError extends Error {}

/**
 * Opens (creating if needed) the SQLite file with the pragmas a busy forum needs. `checkpointed`
 * says who copies the write-ahead log into the file: the connection itself (SQLite's default, after
 * a commit that grew it past 1,000 pages) or another process, checkpointContinually.
 */
export function openDatabase(file: string, { checkpointed = "here" }: { checkpointed?: "here" | "elsewhere" } = {}): Db {
  let sqlite: Database.Database;
  try {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`Cannot open database at ${path.resolve(file)}: ${reason}`);
  }
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma("synchronous = NORMAL");
  if (checkpointed === "elsewhere") sqlite.pragma(`wal_autocheckpoint = ${WORKER_AUTOCHECKPOINT_PAGES}`);
  const db = drizzle(withStatementCache(sqlite), { schema }) as Db;
  db.$client = sqlite;
  return db;
}

const CACHED_STATEMENTS = 500;

/**
 * The connection as drizzle sees it: a query it builds is prepared once, not on every run (SQLite's
 * prepare was a tenth of a thread page view; issue 14). Only drizzle's statements are shared: code
 * using `$client` directly (which may `pluck()` its statements) keeps preparing its own. Drizzle
 * sets raw mode on each use that wants arrays, so a statement taken from the cache starts without.
 * Least recently used statements go first: `IN (?, ?, …)` makes one text per list length.
 */
function withStatementCache(sqlite: Database.Database): Database.Database {
  const statements = new Map<string, Database.Statement>();
  const client = Object.create(sqlite) as Database.Database;
  client.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement) {
      statements.delete(source);
      if (statement.reader) statement.raw(false);
    } else {
      statement = sqlite.prepare(source);
      if (statements.size >= CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
    }
    statements.set(source, statement);
    return statement;
  }) as Database.Database["prepare"];
  client.transaction = sqlite.transaction.bind(sqlite);
  return client;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * Keeps the query planner's statistics (sqlite_stat1) in step with the data. Without them SQLite
 * guesses that `hidden = 0` or `status = ?` is selective and walks those indexes instead of the
 * ones built for the sweep and the staff figures, which is ruinous on a million threads. The
 * first call on a connection checks every table (0x10000) and analyzes those never analyzed or
 * grown tenfold since, in full (without SQLite's row limit, bit 0x10, whose estimates gave worse
 * plans in tests/services/query-plans.test.ts); later calls cheaply re-check (SQLite's recommended use).
 * A server runs the first call once it serves (app/serve.server.ts, app/server.ts): a table due a
 * full analysis (a rebuilt search index's are new) took seconds on a million posts (issue 14).
 */
export function refreshPlannerStatistics(db: Db, { allTables = false } = {}): void {
  db.$client.pragma(allTables ? "optimize = 0x10002" : "optimize");
}

/**
 * What a handle's queries run on, as a key for statements prepared once per connection: drizzle
 * makes a new handle for every transaction, over the session of the database it was opened on.
 */
export function connectionOf(db: Db): object {
  // `session` is set by drizzle's BaseSQLiteDatabase constructor but not declared in its types.
  return (db as unknown as { session?: object }).session ?? db;
}

/** better-sqlite3 is synchronous: a transaction callback must not await. */
export function transaction<T>(db: Db, work: (tx: Db) => T): T {
  const run = () => db.transaction((tx) => work(tx as unknown as Db), { behavior: "immediate" });
  // A transaction handle (a nested call) has no `$client`: its connection already holds the lock.
  return db.$client ? holdingWriteLock(db.$client, run) : run();
}
