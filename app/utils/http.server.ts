import { data } from "@remix-run/node";
import { Conflict, Forbidden, Invalid, NotFound, RateLimited } from "~/services/errors";
import { MarkdownTooDeep } from "./markdown.server";

export type FormErrors = Record<string, string>;

const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * Turns a service's refusal into what a route returns: field errors as 400 data the form shows,
 * the rest as the matching HTTP status; SQLite too busy to take the write, a 503 the form shows.
 * Anything else is a bug and is rethrown.
 */
export function serviceErrorToData(error: unknown) {
  if (error instanceof Invalid) return data({ ok: false as const, errors: error.fields }, { status: 400 });
  if (error instanceof MarkdownTooDeep) return data({ ok: false as const, errors: { body: error.message } as FormErrors }, { status: 400 });
  if (error instanceof RateLimited) {
    return data(
      { ok: false as const, errors: { form: error.message } as FormErrors },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  if (isDatabaseBusy(error)) {
    // Another process held the write lock for the whole of busy_timeout: the machine is overloaded.
    // The write was rolled back; the form keeps what was typed and says to send it again. Logged
    // with its code: it is the figure of overload an operator (and `npm run bench`) counts.
    console.warn(`SQLITE_BUSY: ${error instanceof Error ? error.message : String(error)}; answered 503`);
    return data(
      { ok: false as const, errors: { form: "Too many people are writing right now, and this was not saved. Please send it again in a few seconds." } as FormErrors },
      { status: 503, headers: { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) } },
    );
  }
  if (error instanceof Conflict) return data({ ok: false as const, errors: { [error.field]: error.message } as FormErrors }, { status: 409 });
  if (error instanceof Forbidden) throw new Response(error.message, { status: 403 });
  if (error instanceof NotFound && error.field) return data({ ok: false as const, errors: { [error.field]: error.message } as FormErrors }, { status: 404 });
  if (error instanceof NotFound) throw new Response(error.message, { status: 404 });
  throw error;
}

/** SQLite's busy error (SQLITE_BUSY and its extended codes): the write lock was not free in time. */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

export function notFound(message = "Not found"): never {
  throw new Response(message, { status: 404 });
}

export function forbidden(message = "You are not allowed to do that."): never {
  throw new Response(message, { status: 403 });
}

/**
 * An uploaded image (logo, favicon, avatar) under an address that names one content for good: cached
 * for a year, never sniffed as another type, and inert if opened on its own.
 */
export function immutableImageResponse(image: { contentType: string; data: Buffer }): Response {
  return new Response(new Uint8Array(image.data), {
    headers: {
      "Content-Type": image.contentType,
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
}
