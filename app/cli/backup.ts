// npm run backup -- <file> [--force]: a consistent copy of the live database, safe while the server runs.
import { parseArgs } from "node:util";
import { backupDatabase, BackupError } from "@db/backup.server";
import { loadEnv } from "~/utils/env.server";

const USAGE = "Usage: npm run backup -- <file> [--force]   (copies DATABASE_PATH to <file>; --force replaces an existing <file>)";

function readArguments(): { destination: string; force: boolean } {
  try {
    const { values, positionals } = parseArgs({ options: { force: { type: "boolean", default: false } }, allowPositionals: true });
    if (positionals.length === 1) return { destination: positionals[0]!, force: values.force };
    console.error(USAGE);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  process.exit(2);
}

const { destination, force } = readArguments();
try {
  const result = await backupDatabase(loadEnv().DATABASE_PATH, destination, { force });
  const megabytes = (result.bytes / 1024 / 1024).toFixed(1);
  const seconds = (result.durationMs / 1000).toFixed(1);
  console.log(`Backed up ${result.source} to ${result.destination}: ${megabytes} MB, ${result.pages.toLocaleString("en")} pages, ${seconds} s, check ok`);
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`Backup failed: ${error.message}`);
  process.exitCode = 1;
}
