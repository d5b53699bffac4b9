import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatabaseOpenError, openDatabase } from "@db/client.server";
import { EnvError, parseEnv } from "~/utils/env.server";
import { TMP } from "../setup/paths";

describe("configuration", () => {
  it("fills defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_PATH).toBe("data/peerdesk.db");
    expect(env.PUBLIC_URL).toBe("http://localhost:3000");
    expect(env.JOBS).toBe("on");
  });

  it("names the variable in a one-line message for a bad value", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/^Invalid configuration: PORT="eighty"/);
    expect(() => parseEnv({ JOBS: "maybe" })).toThrow(/JOBS/);
    expect(() => parseEnv({ MEILI_HOST: "not a url" })).toThrow(/MEILI_HOST/);
    const message = (() => {
      try {
        parseEnv({ SMTP_URL: "ftp://mail" });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/SMTP_URL/);
    expect(message).not.toContain("\n");
  });

  it("a database file that cannot be opened gives one line naming the path", () => {
    const notADir = path.join(TMP, "a-file");
    fs.writeFileSync(notADir, "x");
    const target = path.join(notADir, "peerdesk.db");
    expect(() => openDatabase(target)).toThrow(DatabaseOpenError);
    expect(() => openDatabase(target)).toThrow(new RegExp(`^Cannot open database at ${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("opens SQLite in WAL mode with foreign keys enforced", () => {
    const db = openDatabase(path.join(TMP, "pragma-check.db"));
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(1);
    db.$client.close();
  });
});
