import { createSqliteFtsIndex } from "@search/sqlite-fts.server";
import { createTestDb } from "../setup/db";
import { describeSearchIndexContract } from "./contract";

describeSearchIndexContract("SQLite FTS5", async () => {
  const { db } = createTestDb();
  return { index: createSqliteFtsIndex(db), cleanup: async () => void db.$client.close() };
});
