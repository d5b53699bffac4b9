import type { NextFunction, Request, Response } from "express";
import { SESSION_COOKIE } from "~/auth/lucia.server";
import type { AppDeps } from "~/context.server";
import { pageScopes, readDatabaseStamp, readPageVersion, type GuestPage } from "~/services/page-versions.server";
import { getSettings } from "~/services/settings.server";
import type { WorkerPeers } from "~/workers.server";
import { cachedPage, gzippedPageBody, pageBody, pageExpiresAt, type CachedPage, type PageCache } from "./page-cache.server";
import { sharedPage, sharedPageFrom } from "./shared-pages.server";

// Guests' pages may be kept by browsers and shared caches, but are checked with us on every use: a
// reply must show at once, and the check is cheap (a 304 from the page cache). Vary: Cookie keeps a
// shared cache from handing a guest's page to a member.
const GUEST_CACHE_CONTROL = "public, max-age=0, must-revalidate";
const PRIVATE_CACHE_CONTROL = "private, no-store";

// Headers of a rendered page that are not kept with it: each response sets its own.
const NOT_KEPT = new Set([
  "cache-control",
  "connection",
  "content-encoding",
  "content-length",
  "content-security-policy",
  "date",
  "etag",
  "keep-alive",
  "set-cookie",
  "transfer-encoding",
  "vary",
  "x-page-cache",
]);

/**
 * The page a guest's request asks for, if it is one the cache keeps: a thread page (any page of it),
 * the home page, a category's list (with its filters) or the widget's pages, and Remix's data
 * requests for them (`.data`). The widget's search results come from the search index, which its
 * own outbox fills later: those are not kept.
 */
export function guestPageOf(pathname: string, query: Request["query"]): GuestPage | null {
  const thread = /^\/(?:t\/([1-9]\d{0,15})\/[^/]+|embed\/t\/([1-9]\d{0,15})(?:\.data)?)$/.exec(pathname);
  if (thread) return { kind: "thread", threadId: Number(thread[1] ?? thread[2]) };
  if (/^\/(?:_root\.data)?$/.test(pathname) || /^\/c\/[^/]+$/.test(pathname)) return { kind: "list" };
  if (/^\/embed(?:\.data)?$/.test(pathname) && !query.q) return { kind: "list" };
  return null;
}

export function carriesSession(cookieHeader: string | undefined): boolean {
  return !!cookieHeader && cookieHeader.includes(`${SESSION_COOKIE}=`);
}

/** Runs `before` just before the response's headers go out, whoever sends them. */
function beforeHeaders(res: Response, before: () => void): void {
  const writeHead = res.writeHead as (...args: unknown[]) => Response;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    before();
    return writeHead.apply(this, args);
  } as Response["writeHead"];
}

function defaultCacheControl(res: Response, value: string): void {
  beforeHeaders(res, () => {
    if (res.hasHeader("Cache-Control")) return;
    res.setHeader("Cache-Control", res.hasHeader("Set-Cookie") ? PRIVATE_CACHE_CONTROL : value);
  });
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const weak = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || weak(tag) === weak(etag));
}

function serve(req: Request, res: Response, entry: CachedPage): void {
  res.setHeader("ETag", entry.etag);
  res.setHeader("X-Page-Cache", "hit");
  if (matchesEtag(req.get("if-none-match"), entry.etag)) {
    // The client keeps the body it has, and with it the CSP its nonce belongs to: a 304's headers
    // replace the stored ones, so a new policy here would block the kept page's scripts.
    res.removeHeader("Content-Security-Policy");
    res.status(304).end();
    return;
  }
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  // Compressed when the page was kept, not per response (compression leaves an encoded body alone).
  res.vary("Accept-Encoding");
  const gzip = req.acceptsEncodings("gzip") === "gzip";
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  // Written piece by piece: joining them would copy the page for every response.
  const pieces = (gzip ? gzippedPageBody : pageBody)(entry, res.locals.cspNonce as string);
  res.status(200).setHeader("Content-Length", pieces.reduce((total, piece) => total + piece.length, 0));
  res.cork();
  for (const piece of pieces) res.write(piece);
  res.end();
  res.uncork();
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer | null {
  if (chunk == null || typeof chunk === "function") return null;
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return null;
}

/**
 * Collects what the app writes (before compression, which sits below in the chain) and hands a
 * complete 200 without Set-Cookie, HTML or Remix data, to `keep`.
 */
function capture(res: Response, keep: (body: Buffer, headers: [string, string][]) => void): void {
  // The security headers set before this point are set afresh for every response.
  const setBefore = new Set(res.getHeaderNames());
  const chunks: Buffer[] = [];
  let keeping: boolean | undefined;
  const decide = () => {
    keeping ??= res.statusCode === 200 && !res.hasHeader("Set-Cookie") && /^(text\/html|text\/x-script)\b/.test(String(res.getHeader("Content-Type") ?? ""));
    return keeping;
  };
  const write = res.write as (...args: unknown[]) => boolean;
  const end = res.end as (...args: unknown[]) => Response;
  res.write = function (this: Response, ...args: unknown[]) {
    const chunk = decide() ? toBuffer(args[0], args[1]) : null;
    if (chunk) chunks.push(chunk);
    return write.apply(this, args);
  } as Response["write"];
  res.end = function (this: Response, ...args: unknown[]) {
    const chunk = decide() ? toBuffer(args[0], args[1]) : null;
    if (chunk) chunks.push(chunk);
    return end.apply(this, args);
  } as Response["end"];
  res.on("finish", () => {
    if (!keeping) return;
    const headers = Object.entries(res.getHeaders())
      .filter(([name, value]) => !NOT_KEPT.has(name) && !setBefore.has(name) && value !== undefined)
      .map(([name, value]): [string, string] => [name, Array.isArray(value) ? value.join(", ") : String(value)]);
    keep(Buffer.concat(chunks), headers);
  });
}

/**
 * Serves guests' pages from `cache` while page_versions says nothing they show has changed, and
 * sets Cache-Control: public (revalidated) for guests' pages, private and unstored for anyone
 * carrying a session cookie, whose requests never touch the cache. With `cache` null (PAGE_CACHE_MB=0,
 * or development) only the headers are set.
 */
export function guestPageCache(deps: AppDeps, cache: PageCache | null, peers: WorkerPeers | null = null) {
  // Pages being rendered to be kept: a request for the same page in the same state waits for it
  // rather than rendering it again (after a write, every reader of a busy thread would).
  const rendering = new Map<string, { version: number; scopes: string[]; done: Promise<CachedPage | null> }>();
  // A page another worker rendered is kept here too, under the same rule: it serves while its
  // scopes' counters, read here, still say what they said when it was rendered. A page rendered
  // before a write is so never served after it, whichever process wrote and whenever it arrives.
  peers?.receive((payload) => {
    const shared = sharedPageFrom(payload);
    const held = shared && cache?.get(shared.key);
    if (shared && (!held || held.version < shared.entry.version)) cache?.set(shared.key, shared.entry);
  });

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    if (carriesSession(req.get("cookie"))) {
      defaultCacheControl(res, PRIVATE_CACHE_CONTROL);
      return next();
    }
    const page = guestPageOf(req.path, req.query);
    if (!page) return next();
    res.vary("Cookie");
    defaultCacheControl(res, GUEST_CACHE_CONTROL);
    if (!cache) return next();

    const key = `${req.protocol}://${req.get("host") ?? ""}${req.originalUrl}`;
    const now = deps.clock.now();
    // Each page is compared with the counters of its own scopes, read before rendering: a write
    // that lands while a page renders raises them, so the page kept is served no more.
    // A page checked since the last write anywhere is not checked again: its scopes' counters, ~420
    // rows for a thread of 558 posts, are read only when the database has changed.
    const cached = cache.get(key);
    if (cached) {
      const stamp = readDatabaseStamp(deps);
      const current = cached.checkedAt === stamp || readPageVersion(deps, cached.scopes) === cached.version;
      if (current && now.getTime() < cached.expiresAt) {
        cached.checkedAt = stamp;
        return serve(req, res, cached);
      }
      cache.delete(key);
    }
    const inFlight = rendering.get(key);
    const scopes = inFlight?.scopes ?? pageScopes(deps, page);
    const version = readPageVersion(deps, scopes);
    if (inFlight && inFlight.version === version) {
      void inFlight.done.then((entry) => (entry && now.getTime() < entry.expiresAt ? serve(req, res, entry) : render()));
      return;
    }
    render();

    function render() {
      res.setHeader("X-Page-Cache", "miss");
      if (req.method !== "GET") return next();
      const nonce = res.locals.cspNonce as string;
      let settle!: (entry: CachedPage | null) => void;
      const mine = { version, scopes, done: new Promise<CachedPage | null>((resolve) => (settle = resolve)) };
      rendering.set(key, mine);
      res.on("close", () => {
        settle(null);
        if (rendering.get(key) === mine) rendering.delete(key);
      });
      capture(res, (body, headers) => {
        const expiresAt = pageExpiresAt(body.toString("utf8"), now, getSettings(deps).timezone);
        const entry = cachedPage(body, nonce, { version, scopes, headers, expiresAt });
        cache!.set(key, entry);
        settle(entry);
        // After a write each worker would render the page again for its own cache (issue 14: posting).
        peers?.share(sharedPage(key, entry));
      });
      next();
    }
  };
}
