import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { settings } from "@db/schema";
import { preparedQuery } from "~/utils/prepared-queries.server";

// The signing key lives in the database beside the settings (never shown or exported), so every
// server process on the same file signs and checks alike, and a restart keeps signed links and
// open forms valid. The key name is the one the robot check first stored it under.
const SECRET_KEY = "formStampSecret";

function serverSecret(db: Db): string {
  // Prepared once: every answer that mails its asker signs an unsubscribe link inside its write (issue 14).
  const stored = () =>
    preparedQuery(db, "serverSecret", () => db.select({ value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder("key"))).prepare()).get({ key: SECRET_KEY })?.value;
  const existing = stored();
  if (typeof existing === "string") return existing;
  db.insert(settings).values({ key: SECRET_KEY, value: randomBytes(32).toString("hex"), updatedAt: new Date(0) }).onConflictDoNothing().run();
  return stored() as string;
}

/**
 * An HMAC-SHA256 of `message` with the server's key (43 base64url characters). Each use starts its
 * message with a purpose of its own ("sign-up:", "unsubscribe:"), so a signature made for one
 * use is never accepted by another.
 */
export function signWithServerSecret(db: Db, message: string): string {
  return createHmac("sha256", serverSecret(db)).update(message).digest("base64url");
}

/** Whether `signature` is the server's signature of `message`, compared in constant time. */
export function hasServerSignature(db: Db, message: string, signature: string): boolean {
  const expected = Buffer.from(signWithServerSecret(db, message));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
