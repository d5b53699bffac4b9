import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DatabaseOpenError, openDatabase } from "@db/client.server";
import { endSession, SESSION_COOKIE, startSession } from "~/auth/lucia.server";
import { closeDeps, createDeps } from "~/deps.server";
import { EnvError, parseEnv } from "~/utils/env.server";
import { TMP } from "../setup/paths";
import { makeUser } from "../factories";

describe("configuration", () => {
  it("fills defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_PATH).toBe("data/peerdesk.db");
    expect(env.PUBLIC_URL).toBe("http://localhost:3000");
    expect(env.JOBS).toBe("on");
    expect(env.BODY_LIMIT_FORM_KB).toBe(64);
    expect(env.BODY_LIMIT_POST_KB).toBe(256);
  });

  it("takes request-body limits in KiB, whole and positive", () => {
    expect(parseEnv({ BODY_LIMIT_FORM_KB: "16", BODY_LIMIT_POST_KB: "1024" })).toMatchObject({ BODY_LIMIT_FORM_KB: 16, BODY_LIMIT_POST_KB: 1024 });
    expect(() => parseEnv({ BODY_LIMIT_FORM_KB: "0" })).toThrow(/^Invalid configuration: BODY_LIMIT_FORM_KB="0"/);
    expect(() => parseEnv({ BODY_LIMIT_POST_KB: "1.5mb" })).toThrow(/BODY_LIMIT_POST_KB/);
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

  it("opens SQLite in WAL mode with foreign keys enforced, NORMAL sync and a 5-second busy wait", () => {
    const db = openDatabase(path.join(TMP, "pragma-check.db"));
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(1);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
    db.$client.close();
  });
});

describe("the session cookie", () => {
  /** The Set-Cookie of a new session and of signing out, from deps built as the server builds them. */
  async function sessionCookies(publicUrl: string) {
    const deps = createDeps(parseEnv({ NODE_ENV: "test", JOBS: "off", PUBLIC_URL: publicUrl, DATABASE_PATH: path.join(TMP, `cookie-${randomUUID()}.db`) }));
    try {
      const user = await makeUser({ db: deps.db, clock: deps.clock });
      const started = await startSession(deps.lucia, user.id);
      const sessionId = deps.lucia.readSessionCookie(started)!;
      return [started, await endSession(deps.lucia, sessionId)];
    } finally {
      closeDeps(deps);
    }
  }

  it("is Secure when the public URL is https, and not when it is http; always HttpOnly, SameSite=Lax, for the whole site", async () => {
    const https = await sessionCookies("https://community.example");
    const http = await sessionCookies("http://localhost:3000");
    for (const cookie of [...https, ...http]) {
      expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
      expect(cookie).toMatch(/; HttpOnly(;|$)/);
      expect(cookie).toMatch(/; SameSite=Lax(;|$)/);
      expect(cookie).toMatch(/; Path=\/(;|$)/);
    }
    for (const cookie of https) expect(cookie).toMatch(/; Secure(;|$)/);
    for (const cookie of http) expect(cookie).not.toMatch(/Secure/i);
  });
});
