import fs from "node:fs";
import os from "node:os";
import { z } from "zod";

const onOff = z.enum(["on", "off"]);

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_PATH: z.string().min(1).default("data/peerdesk.db"),
    MEILI_HOST: z.url({ protocol: /^https?$/ }).optional(),
    MEILI_API_KEY: z.string().optional(),
    MEILI_INDEX: z.string().regex(/^[A-Za-z0-9_-]+$/).default("threads"),
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: z.string().min(3).default("Peerdesk <community@localhost>"),
    MAIL_DIR: z.string().min(1).default("data/mail"),
    JOBS: onOff.default("on"),
    JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    SEED: onOff.default("on"),
    /** Server processes sharing the port and the database (node:cluster); 1 runs without a primary. */
    WORKERS: z.coerce.number().int().min(1).max(256).default(os.availableParallelism()),
    /** on: webhooks may reach private, loopback, CGNAT and unique-local addresses (an intranet receiver). */
    WEBHOOKS_ALLOW_PRIVATE: onOff.default("off"),
    // Request bodies, in KiB (app/utils/request-body.server.ts). A post's 20,000 characters can
    // take 180 KiB form-encoded (three UTF-8 bytes each, each byte written %XX).
    BODY_LIMIT_FORM_KB: z.coerce.number().int().min(1).max(1024 * 1024).default(64),
    BODY_LIMIT_POST_KB: z.coerce.number().int().min(1).max(1024 * 1024).default(256),
    // Forms that carry an image (the site's logo and favicon): the image plus a few fields.
    BODY_LIMIT_UPLOAD_KB: z.coerce.number().int().min(1).max(1024 * 1024).default(1024),
    // Guests' rendered pages kept in memory (app/utils/guest-page-cache.server.ts), in MiB; 0 turns it off.
    PAGE_CACHE_MB: z.coerce.number().min(0).max(64 * 1024).default(64),
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
  }));

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

/** Reads configuration; a bad value becomes one line naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? "environment");
  throw new EnvError(`Invalid configuration: ${name}=${JSON.stringify(source[name] ?? "")} — ${issue.message}`);
}

export function loadEnv(): Env {
  // A .env file beside package.json is read if present; real environment variables win.
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  return parseEnv(process.env);
}
