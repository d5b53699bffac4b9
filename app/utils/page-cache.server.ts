import { createHash } from "node:crypto";
import { relativeTimeChangesAt } from "./relative-time";

/** A guest page as rendered, kept to be served again while what it was drawn from is unchanged. */
export interface CachedPage {
  /** readPageVersion() of `scopes` before the page was rendered. */
  version: number;
  scopes: string[];
  /** The rendered response's own headers (content type and the like). */
  headers: [string, string][];
  /** The body, cut where the CSP nonce stood: each response joins the pieces with its own nonce. */
  pieces: Buffer[];
  etag: string;
  /** When the first relative time on the page ("3 hours ago") would read differently (ms). */
  expiresAt: number;
  bytes: number;
}

// What a Map entry, its key and the pieces' objects cost beside the bytes themselves, roughly.
const ENTRY_OVERHEAD = 512;

/** Rendered pages by address, least recently used dropped first once they hold more than `maxBytes`. */
export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  private heldBytes = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: CachedPage): void {
    this.delete(key);
    // One page may not push out an eighth of the cache.
    if (entry.bytes > this.maxBytes / 8) return;
    this.entries.set(key, entry);
    this.heldBytes += entry.bytes;
    for (const [oldest, old] of this.entries) {
      if (this.heldBytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.heldBytes -= old.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  get size(): number {
    return this.entries.size;
  }
}

function splitAt(body: Buffer, separator: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(separator); at !== -1; at = body.indexOf(separator, from)) {
    pieces.push(body.subarray(from, at));
    from = at + separator.length;
  }
  pieces.push(body.subarray(from));
  return pieces;
}

/**
 * When a page's text stops being true by the clock alone: the first change of wording of any
 * relative time it shows (RelativeTime renders `<time dateTime="…">` against the server's clock
 * in the site's zone). Never, for a page without one.
 */
export function pageExpiresAt(html: string, renderedAt: Date, timeZone: string): number {
  let expiresAt = Number.POSITIVE_INFINITY;
  for (const match of html.matchAll(/dateTime="([^"]+)"/g)) {
    const at = new Date(match[1]!);
    if (Number.isNaN(at.getTime())) continue;
    expiresAt = Math.min(expiresAt, relativeTimeChangesAt(at, renderedAt, { timeZone }).getTime());
  }
  return expiresAt;
}

/** A cache entry from a rendered body whose scripts carry `nonce`. */
export function cachedPage(
  body: Buffer,
  nonce: string,
  fields: Pick<CachedPage, "version" | "scopes" | "headers" | "expiresAt">,
): CachedPage {
  // Copies, so the entry does not keep a larger buffer that a piece shares alive.
  const pieces = splitAt(body, Buffer.from(nonce)).map((piece) => Buffer.from(piece));
  const hash = createHash("sha256");
  for (const piece of pieces) hash.update(piece).update("\0nonce\0");
  for (const [name, value] of fields.headers) hash.update(`${name}:${value}\n`);
  return { ...fields, pieces, etag: `W/"${hash.digest("base64url").slice(0, 27)}"`, bytes: body.length + ENTRY_OVERHEAD };
}

/** The page's body with `nonce` where the rendered one stood, as the pieces to write in order. */
export function pageBody(entry: CachedPage, nonce: string): Buffer[] {
  if (entry.pieces.length === 1) return entry.pieces;
  const separator = Buffer.from(nonce);
  return entry.pieces.flatMap((piece, index) => (index > 0 ? [separator, piece] : [piece]));
}
