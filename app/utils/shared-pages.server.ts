import { compactBuffers, type CachedPage } from "./page-cache.server";

/**
 * A kept page as one worker hands it to the others (app/workers.server.ts): JSON, as the primary
 * passes messages on, so the bytes travel as base64. `checkedAt` stays behind: it is a mark of what
 * one connection has seen of the database, meaningless to another.
 */
interface SharedPage {
  kind: "guest-page";
  key: string;
  version: number;
  scopes: string[];
  headers: [string, string][];
  pieces: string[];
  deflated: string[];
  etag: string;
  /** null for a page no clock makes stale (JSON has no Infinity). */
  expiresAt: number | null;
  bytes: number;
}

export function sharedPage(key: string, entry: CachedPage): SharedPage {
  return {
    kind: "guest-page",
    key,
    version: entry.version,
    scopes: entry.scopes,
    headers: entry.headers,
    pieces: entry.pieces.map((piece) => piece.toString("base64")),
    deflated: entry.deflated.map((piece) => piece.toString("base64")),
    etag: entry.etag,
    expiresAt: Number.isFinite(entry.expiresAt) ? entry.expiresAt : null,
    bytes: entry.bytes,
  };
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");

/** The page a worker shared, or null for anything else on the channel. */
export function sharedPageFrom(payload: unknown): { key: string; entry: CachedPage } | null {
  const page = payload as Partial<SharedPage> | null;
  if (
    page?.kind !== "guest-page" ||
    typeof page.key !== "string" ||
    typeof page.version !== "number" ||
    !isStrings(page.scopes) ||
    !Array.isArray(page.headers) ||
    !page.headers.every((header) => isStrings(header) && header.length === 2) ||
    !isStrings(page.pieces) ||
    !isStrings(page.deflated) ||
    page.pieces.length !== page.deflated.length ||
    typeof page.etag !== "string" ||
    (page.expiresAt !== null && typeof page.expiresAt !== "number") ||
    typeof page.bytes !== "number"
  ) {
    return null;
  }
  const decode = (pieces: string[]) => compactBuffers(pieces.map((piece) => Buffer.from(piece, "base64")));
  return {
    key: page.key,
    entry: {
      version: page.version,
      scopes: page.scopes,
      headers: page.headers,
      pieces: decode(page.pieces),
      deflated: decode(page.deflated),
      etag: page.etag,
      expiresAt: page.expiresAt ?? Number.POSITIVE_INFINITY,
      bytes: page.bytes,
    },
  };
}
