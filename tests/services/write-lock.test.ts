import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { createCheckpointer, WORKER_AUTOCHECKPOINT_PAGES } from "@db/checkpoints.server";
import { openDatabase, transaction, type Db } from "@db/client.server";
import { BUSY_TIMEOUT_MS, holdingWriteLock } from "@db/write-lock.server";

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.$client.close();
});

function freshDatabase(options?: Parameters<typeof openDatabase>[1]): { db: Db; file: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "peerdesk-lock-")), "forum.db");
  const db = openDatabase(file, options);
  opened.push(db);
  db.$client.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  return { db, file };
}

const notes = (db: Db) => db.$client.prepare("SELECT text FROM notes ORDER BY id").pluck().all();

describe("holdingWriteLock", () => {
  it("commits the work, or none of it when it throws, nested transactions included", () => {
    const { db } = freshDatabase();
    const insert = db.$client.prepare("INSERT INTO notes (text) VALUES (?)");
    transaction(db, () => {
      insert.run("kept");
      transaction(db, () => insert.run("kept too"));
    });
    expect(() =>
      transaction(db, () => {
        insert.run("lost");
        db.$client.transaction(() => insert.run("lost as well"))();
        throw new Error("refused");
      }),
    ).toThrow("refused");
    expect(notes(db)).toEqual(["kept", "kept too"]);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("waits for another connection's write lock, takes it once released, and leaves busy_timeout as it was", async () => {
    const { db, file } = freshDatabase();
    // Another connection (a thread: this one blocks while it waits) holds the lock until this one
    // has begun waiting for it, and a while after.
    const waiting = new Int32Array(new SharedArrayBuffer(4));
    const holder = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const Database = require("better-sqlite3");
       const other = new Database(workerData.file);
       other.prepare("BEGIN IMMEDIATE").run();
       other.prepare("INSERT INTO notes (text) VALUES ('first, from the other connection')").run();
       parentPort.postMessage("holding");
       Atomics.wait(workerData.waiting, 0, 0);
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
       other.prepare("COMMIT").run();
       other.close();`,
      { eval: true, workerData: { file, waiting } },
    );
    await new Promise((resolve) => holder.once("message", resolve));
    const started = performance.now();
    Atomics.store(waiting, 0, 1);
    Atomics.notify(waiting, 0);
    holdingWriteLock(db.$client, () => db.$client.prepare("INSERT INTO notes (text) VALUES ('second, from this one')").run());
    // It did wait (the lock was held), and SQLite's busy handler is set back for other statements.
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(notes(db)).toEqual(["first, from the other connection", "second, from this one"]);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(BUSY_TIMEOUT_MS);
    await holder.terminate();
  });

  it("waits as long as the connection's own busy_timeout, then throws SQLite's busy error and sets the timeout back", () => {
    const { db, file } = freshDatabase();
    const other = openDatabase(file);
    opened.push(other);
    other.$client.prepare("BEGIN IMMEDIATE").run();
    db.$client.pragma("busy_timeout = 30");
    const started = performance.now();
    expect(() => holdingWriteLock(db.$client, () => db.$client.prepare("INSERT INTO notes (text) VALUES ('never')").run())).toThrow(
      expect.objectContaining({ code: "SQLITE_BUSY" }),
    );
    // It tried for the 30 ms asked (not the default 5 s), and left nothing open and the setting as it was.
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    expect(db.$client.inTransaction).toBe(false);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(30);
    other.$client.prepare("ROLLBACK").run();
    expect(notes(db)).toEqual([]);
  });

  it("throws SQLite's own errors other than busy at once, leaving no transaction open", () => {
    const { db } = freshDatabase();
    expect(() => holdingWriteLock(db.$client, () => db.$client.prepare("INSERT INTO missing (x) VALUES (1)").run())).toThrow(/no such table/);
    expect(db.$client.inTransaction).toBe(false);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(BUSY_TIMEOUT_MS);
  });
});

describe("checkpoints of the write-ahead log", () => {
  const page = "x".repeat(3000);
  const writePages = (db: Db, count: number) => {
    const insert = db.$client.prepare("INSERT INTO notes (text) VALUES (?)");
    // Many small transactions, as a forum writes: SQLite's automatic checkpoint follows a commit.
    for (let i = 0; i < count; i += 50) transaction(db, () => Array.from({ length: 50 }, () => insert.run(page)));
  };
  const walPages = (file: string) => fs.statSync(`${file}-wal`).size / 4096;

  it("a worker's connection leaves them to the primary's checkpointer, which copies the whole log", () => {
    const { db, file } = freshDatabase({ checkpointed: "elsewhere" });
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(WORKER_AUTOCHECKPOINT_PAGES);
    writePages(db, 3000);
    // SQLite would have checkpointed at 1,000 pages and started the log over.
    expect(walPages(file)).toBeGreaterThan(2500);
    const checkpointer = createCheckpointer(file);
    try {
      const result = checkpointer.checkpoint();
      expect(result.logPages).toBeGreaterThan(2500);
      expect(result.checkpointedPages).toBe(result.logPages);
    } finally {
      checkpointer.close();
    }
    expect(notes(db)).toHaveLength(3000);
  });

  it("the only process's connection checkpoints by itself, as SQLite does by default", () => {
    const { db, file } = freshDatabase();
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    writePages(db, 3000);
    expect(walPages(file)).toBeLessThan(1200);
  });
});
