import { createHash } from "node:crypto";
import { constants, crc32, deflateRawSync } from "node:zlib";
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
  /** The same pieces deflated each on its own (byte-aligned, so a gzip stream can be spliced from them). */
  deflated: Buffer[];
  etag: string;
  /** When the first relative time on the page ("3 hours ago") would read differently (ms). */
  expiresAt: number;
  /** readDatabaseStamp() when `version` was last found current (a write since means: read again). */
  checkedAt?: string;
  bytes: number;
}

// What a Map entry, its key and the pieces' objects cost beside the bytes themselves, roughly.
const ENTRY_OVERHEAD = 512;

/**
 * Rendered pages by address (or other kept answers, each saying what it holds in `bytes`), least
 * recently used dropped first once they hold more than `maxBytes`.
 */
export class PageCache<Entry extends { bytes: number } = CachedPage> {
  private readonly entries = new Map<string, Entry>();
  private heldBytes = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Entry): void {
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

/**
 * Copies of `buffers` in one allocation of exactly their size, so what is kept is what is counted:
 * zlib's output is a view of a 16 KiB block, a small Buffer.from a view of an 8 KiB pool slab, and a
 * piece of the rendered body a view of all of it, each keeping its whole block alive (issue 14:
 * workers held ~200 MB of ArrayBuffers under a 64 MiB cache).
 */
export function compactBuffers(buffers: Buffer[]): Buffer[] {
  const block = Buffer.allocUnsafeSlow(buffers.reduce((total, buffer) => total + buffer.length, 0));
  let at = 0;
  return buffers.map((buffer) => {
    buffer.copy(block, at);
    at += buffer.length;
    return block.subarray(at - buffer.length, at);
  });
}

/** A cache entry from a rendered body whose scripts carry `nonce`. */
export function cachedPage(
  body: Buffer,
  nonce: string,
  fields: Pick<CachedPage, "version" | "scopes" | "headers" | "expiresAt">,
): CachedPage {
  const pieces = compactBuffers(splitAt(body, Buffer.from(nonce)));
  const hash = createHash("sha256");
  for (const piece of pieces) hash.update(piece).update("\0nonce\0");
  for (const [name, value] of fields.headers) hash.update(`${name}:${value}\n`);
  const deflated = compactBuffers(pieces.map((piece) => deflateRawSync(piece, { finishFlush: constants.Z_SYNC_FLUSH })));
  const bytes = body.length + deflated.reduce((total, piece) => total + piece.length, 0) + ENTRY_OVERHEAD;
  return { ...fields, pieces, deflated, etag: `W/"${hash.digest("base64url").slice(0, 27)}"`, bytes };
}

/** The page's body with `nonce` where the rendered one stood, as the pieces to write in order. */
export function pageBody(entry: CachedPage, nonce: string): Buffer[] {
  if (entry.pieces.length === 1) return entry.pieces;
  const separator = Buffer.from(nonce);
  return entry.pieces.flatMap((piece, index) => (index > 0 ? [separator, piece] : [piece]));
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
// A last, empty stored block: each deflated piece ends byte-aligned with a sync flush.
const LAST_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);

/** `bytes` as an uncompressed (stored) deflate block, not the last. */
function storedBlock(bytes: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt16LE(bytes.length, 1);
  header.writeUInt16LE(~bytes.length & 0xffff, 3);
  return Buffer.concat([header, bytes]);
}

/**
 * The page gzipped, with `nonce` where the rendered one stood, without compressing it again: the
 * pieces deflated when the page was kept, the nonce as a stored block between them, and the
 * checksum of the whole computed afresh.
 */
export function gzippedPageBody(entry: CachedPage, nonce: string): Buffer[] {
  const separator = Buffer.from(nonce);
  const stored = storedBlock(separator);
  const parts: Buffer[] = [GZIP_HEADER];
  let checksum = 0;
  let size = 0;
  entry.deflated.forEach((piece, index) => {
    if (index > 0) {
      parts.push(stored);
      checksum = crc32(separator, checksum);
      size += separator.length;
    }
    parts.push(piece);
    // crc32() of nothing forgets the running value (it answers 0).
    if (entry.pieces[index]!.length) checksum = crc32(entry.pieces[index]!, checksum);
    size += entry.pieces[index]!.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(checksum >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  parts.push(LAST_BLOCK, trailer);
  return parts;
}
