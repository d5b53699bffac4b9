import { compactBuffers, type CachedPage } from "./page-cache.server";

/**
 * A kept page as one worker hands it to the others (app/workers.server.ts), through the primary by
 * structured clone (the workers' channel is "advanced"): the bytes travel as they are. `checkedAt`
 * stays behind: it is a mark of what one connection has seen of the database, meaningless to another.
 */
type SharedPage = { kind: "guest-page"; key: string } & Omit<CachedPage, "checkedAt">;

export function sharedPage(key: string, entry: CachedPage): SharedPage {
  return {
    kind: "guest-page",
    key,
    version: entry.version,
    scopes: entry.scopes,
    headers: entry.headers,
    pieces: entry.pieces,
    deflated: entry.deflated,
    etag: entry.etag,
    expiresAt: entry.expiresAt,
    bytes: entry.bytes,
  };
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");
const isBuffers = (value: unknown): value is Buffer[] => Array.isArray(value) && value.every((item) => Buffer.isBuffer(item));

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
    !isBuffers(page.pieces) ||
    !isBuffers(page.deflated) ||
    page.pieces.length !== page.deflated.length ||
    typeof page.etag !== "string" ||
    typeof page.expiresAt !== "number" ||
    typeof page.bytes !== "number"
  ) {
    return null;
  }
  return {
    key: page.key,
    entry: {
      version: page.version,
      scopes: page.scopes,
      headers: page.headers,
      // Each arrives as a view of the whole message: copied out, so that the cache's count of bytes holds.
      pieces: compactBuffers(page.pieces),
      deflated: compactBuffers(page.deflated),
      etag: page.etag,
      expiresAt: page.expiresAt,
      bytes: page.bytes,
    },
  };
}
