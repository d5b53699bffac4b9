import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { backupDatabase } from "@db/backup.server";
import { createTestDb } from "../setup/db";
import { ROOT, TMP } from "../setup/paths";

const TSX = path.join(ROOT, "node_modules/.bin/tsx");

function run(command: string, args: string[], databasePath: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath }, timeout: 50_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** `npm run backup -- <args>` with DATABASE_PATH set, as an operator (or cron) runs it. */
const runBackup = (databasePath: string, args: string[]) => run("npm", ["run", "-s", "backup", "--", ...args], databasePath);
/** The same command without npm's own start-up, for the cases that only check what it answers. */
const runCommand = (databasePath: string, args: string[]) => run(TSX, [path.join(ROOT, "app/cli/backup.ts"), ...args], databasePath);

/** Starts the writer process and resolves once it has committed; `stop()` answers how many rows it wrote. */
async function startWriter(file: string) {
  const child = spawn(process.execPath, [path.join(ROOT, "tests/cli/backup-writer.mjs"), file], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => stdout.includes("ready\n") && resolve());
    void exited.then((code) => reject(new Error(`the writer exited (${code}) before committing: ${stderr}`)));
  });
  return {
    child,
    stop: async () => {
      child.kill("SIGTERM");
      const code = await exited;
      return { code, stderr, committed: Number(/committed (\d+)/.exec(stdout)?.[1] ?? NaN) };
    },
  };
}

const total = (db: Database.Database) => (db.prepare("SELECT n FROM backup_probe_total WHERE id = 1").get() as { n: number }).n;

describe("npm run backup", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const step of cleanup.splice(0).reverse()) step();
  });

  it("takes a consistent copy of the live database while another process keeps writing", async () => {
    const { db, file } = createTestDb();
    cleanup.push(() => db.$client.close());
    // About 16 MB of rows, so the copy takes long enough for writes to land around it.
    db.$client.exec(`
      CREATE TABLE backup_probe_rows (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);
      CREATE TABLE backup_probe_total (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
      WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 8000)
        INSERT INTO backup_probe_rows (payload) SELECT randomblob(2000) FROM seq;
      INSERT INTO backup_probe_total VALUES (1, 8000);
    `);
    const writer = await startWriter(file);
    let stopped = false;
    cleanup.push(() => void (stopped || writer.child.kill("SIGKILL")));
    const destination = path.join(TMP, `backup-${process.pid}-${Date.now()}`, "peerdesk.db");
    cleanup.push(() => fs.rmSync(path.dirname(destination), { recursive: true, force: true }));

    const before = total(db.$client);
    const backup = await runBackup(file, [destination]);
    const after = total(db.$client);
    const written = await writer.stop();
    stopped = true;

    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout.trim()).toMatch(new RegExp(`^Backed up ${file} to ${destination}: [\\d.]+ MB, [\\d,]+ pages, [\\d.]+ s, check ok$`));
    expect(written).toMatchObject({ code: 0, stderr: "" });
    expect(after).toBeGreaterThan(before); // the writer was never blocked while the backup ran
    expect(fs.readdirSync(path.dirname(destination))).toEqual(["peerdesk.db"]); // no partial or journal files left

    const copy = new Database(destination, { readonly: true });
    cleanup.push(() => copy.close());
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    // One snapshot: rows and their running total agree, at a moment between the start and the end.
    const copied = (copy.prepare("SELECT count(*) AS c FROM backup_probe_rows").get() as { c: number }).c;
    expect(copied).toBe(total(copy));
    expect(copied).toBeGreaterThanOrEqual(before);
    expect(copied).toBeLessThanOrEqual(after);
    expect(copy.prepare("SELECT count(*) AS c FROM __drizzle_migrations").get()).toEqual({ c: expect.any(Number) });
    expect(Number(backup.stdout.match(/([\d,]+) pages/)![1]!.replaceAll(",", ""))).toBe(copy.pragma("page_count", { simple: true }));
  }, 60_000);

  it("refuses to overwrite an existing file without --force, and explains what went wrong", async () => {
    const { db, file } = createTestDb();
    cleanup.push(() => db.$client.close());
    const folder = fs.mkdtempSync(path.join(TMP, "backup-"));
    cleanup.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    const destination = path.join(folder, "peerdesk.db");
    fs.writeFileSync(destination, "yesterday's backup");

    const refused = await runCommand(file, [destination]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(`Backup failed: ${destination} already exists: choose another name, or pass --force to replace it`);
    expect(fs.readFileSync(destination, "utf8")).toBe("yesterday's backup");
    const usage = await runCommand(file, []);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: npm run backup -- <file> [--force]");

    const forced = await backupDatabase(file, destination, { force: true });
    expect(forced.destination).toBe(destination);
    const copy = new Database(destination, { readonly: true });
    cleanup.push(() => copy.close());
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    await expect(backupDatabase(file, file, { force: true })).rejects.toThrow("The backup must go to another file than the database itself");
    // A mistyped DATABASE_PATH is reported, not created empty and backed up.
    const missing = path.join(folder, "no-such.db");
    await expect(backupDatabase(missing, path.join(folder, "other.db"))).rejects.toThrow(`No database at ${missing} (DATABASE_PATH)`);
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.readdirSync(folder).filter((name) => !name.startsWith("peerdesk.db"))).toEqual([]);
  }, 60_000);
});
