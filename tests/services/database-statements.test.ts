import { sql } from "drizzle-orm";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { settings } from "@db/schema";
import { createTestDeps, type TestDeps } from "../setup/deps";

describe("statements drizzle reuses", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
    deps.db.insert(settings).values({ key: "siteName", value: "Nimbus", updatedAt: new Date(0) }).run();
  });
  afterEach(() => deps.db.$client.close());

  it("a query run again gives the same rows, as objects after another use read arrays", () => {
    const query = deps.db.select({ key: settings.key }).from(settings);
    expect(query.all()).toEqual([{ key: "siteName" }]);
    expect(query.all()).toEqual([{ key: "siteName" }]);
    // The same text without drizzle's field mapping expects objects from SQLite itself.
    expect(deps.db.all(sql.raw(query.toSQL().sql))).toEqual([{ key: "siteName" }]);
    expect(query.get()).toEqual({ key: "siteName" });
  });

  it("transactions and the raw connection work as before", () => {
    expect(deps.db.$client).toBeInstanceOf(Database);
    expect(() =>
      deps.db.transaction((tx) => {
        tx.insert(settings).values({ key: "brandName", value: "Nimbus Mobile", updatedAt: new Date(0) }).run();
        throw new Error("undo");
      }),
    ).toThrow("undo");
    expect(deps.db.$client.prepare("SELECT key FROM settings ORDER BY key").pluck().all()).toEqual(["siteName"]);
    expect(deps.db.select({ key: settings.key }).from(settings).all()).toEqual([{ key: "siteName" }]);
  });
});
