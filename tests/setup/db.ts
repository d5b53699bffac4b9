import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openDatabase, type Db } from "@db/client.server";
import { TEMPLATE_DB, TMP } from "./paths";

/** A private copy of the migrated template database, on a real file. */
export function copyTemplateDb(): string {
  const file = path.join(TMP, `test-${randomUUID()}.db`);
  fs.copyFileSync(TEMPLATE_DB, file);
  return file;
}

export function createTestDb(): { db: Db; file: string } {
  const file = copyTemplateDb();
  return { db: openDatabase(file), file };
}
