import { STATUS_CODES } from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerBuild } from "@remix-run/node";
import { resolveSession } from "~/auth/lucia.server";
import type { AppDeps, RequestContext } from "~/context.server";
import { getSettings } from "~/services/settings.server";
import { guestPageCache, guestPageOf } from "~/utils/guest-page-cache.server";
import { PageCache } from "~/utils/page-cache.server";
import { isSearchApiPath, searchApiCache } from "~/utils/search-api-cache.server";
import { isSignedUnsubscribePost } from "~/services/unsubscribe.server";
import { precompressedAssets } from "~/utils/precompressed-assets.server";
import { createRemixHandler, refuseMalformedRequests } from "~/utils/remix-handler.server";
import { readRequestBodies } from "~/utils/request-body.server";
import { answerUnsupportedMethods } from "~/utils/request-methods.server";
import { emptyServerDocument } from "~/utils/server-document";
import { contentSecurityPolicy, createNonce } from "~/utils/security-headers.server";
import { keepTimeTexts } from "~/utils/time-texts.server";
import { widgetAssetRouter } from "~/utils/widget-assets.server";
import { workerPeers, type WorkerPeers } from "~/workers.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * What is compressed here is made per request (a member's page, an API answer): build assets go
 * out precompressed and guests' pages from their cache. The middleware's defaults (brotli quality
 * 4 with a 4 MiB window, gzip level 6) spent ~1.2 ms of CPU on a 55 KB signed-in thread page, a
 * third of a request's budget (issue 14); brotli 3 with a 256 KiB window (larger than any page)
 * and gzip 3 take ~0.8 ms for 5-8 % more bytes (8.7 KB instead of 8.3 KB there).
 */
export const DYNAMIC_COMPRESSION: compression.CompressionOptions = {
  level: 3,
  brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 3, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 } },
};

export interface AppOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  publicDir: string;
  mode: "development" | "production" | "test";
  /**
   * The other worker processes, per topic, that the search API shares its answers with and the guest
   * page cache its pages: by default those of node:cluster, if any.
   */
  peers?: (topic: string) => WorkerPeers | null;
}

/** Whether a mutating request came from one of our own pages (CSRF defence). */
export function isSameOrigin(req: Request, publicUrl: string): boolean {
  const source = req.get("origin") ?? originOf(req.get("referer"));
  if (!source || source === "null") return false;
  const own = new Set([new URL(publicUrl).origin, `${req.protocol}://${req.get("host")}`]);
  return own.has(source);
}

/**
 * The host Remix compares a form post's Origin with (it aborts the action otherwise): the first
 * X-Forwarded-Host, else Host. A reverse proxy that rewrites Host without forwarding the original
 * breaks every form, so that case gets its own clear answer instead of a server error.
 */
export function requestHostMismatch(req: Request): { origin: string; host: string } | null {
  const origin = req.get("origin");
  if (!origin || origin === "null") return null;
  const host = req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host") || "";
  const originHost = originOf(origin) && new URL(origin).host;
  if (!originHost) return null;
  return originHost === host ? null : { origin: originHost, host };
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The widget's pages (and their data requests) under /embed. */
export function isEmbedPath(pathname: string): boolean {
  return /^\/embed(\.data|\/|$)/.test(pathname);
}

/**
 * The HTTP app: malformed requests and oversized bodies refused, static files, security headers,
 * methods a route does not take, CSRF and session checks, then Remix.
 */
export function createExpressApp(deps: AppDeps, options: AppOptions): express.Express {
  // The page cache reads the times on each page it keeps (their next change is its expiry). Its copy of
  // app/utils/relative-time.ts is the server bundle's own, not the Remix build's, which entry.server
  // sets up: left with the browser's unbounded memory, it would grow with every minute the server runs.
  keepTimeTexts();
  const app = express();
  const getBuild = typeof options.build === "function" ? options.build : () => Promise.resolve(options.build as ServerBuild);
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(refuseMalformedRequests(() => deps.env.PUBLIC_URL));
  app.use(readRequestBodies(() => deps.env));
  app.use(compression(DYNAMIC_COMPRESSION));

  // Fingerprinted build assets can be cached forever; other public files for an hour.
  // A missing asset is a plain 404, not an HTML page served with a stylesheet's URL.
  // Their brotli and gzip copies, written by `npm run build`, go out as they are.
  const buildDir = path.join(options.publicDir, "build");
  app.use("/build", precompressedAssets(buildDir), express.static(buildDir, { immutable: true, maxAge: "1y", fallthrough: false }));
  app.use(widgetAssetRouter(options.publicDir, { reload: options.mode === "development" }));
  // A page's address never names a file: guests' pages and the search APIs skip the look on disk (a stat per request).
  const publicFiles = express.static(options.publicDir, { maxAge: "1h" });
  app.use((req: Request, res: Response, next: NextFunction) =>
    guestPageOf(req.path, req.query) || isSearchApiPath(req.path) ? next() : publicFiles(req, res, next),
  );

  app.use((req: Request, res: Response, next: NextFunction) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    // Only the help widget may be framed, and only by the origins an admin listed.
    const embed = isEmbedPath(req.path);
    const frameAncestors = embed ? getSettings(deps).widgetOrigins : [];
    res.setHeader(
      "Content-Security-Policy",
      contentSecurityPolicy({ nonce, frameAncestors, dev: options.mode === "development" }),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    if (embed) {
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("X-Robots-Tag", "noindex, nofollow");
    } else {
      res.setHeader("X-Frame-Options", "DENY");
    }
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (deps.env.PUBLIC_URL.startsWith("https:")) {
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    next();
  });

  // Guests' search API answers, kept as JSON bytes: before Remix, after the headers every response needs.
  // Answers change as the code does while developing: nothing is kept then.
  const peers = options.peers ?? workerPeers;
  if (options.mode !== "development") app.use(searchApiCache(deps, { peers: peers("search-api") }));

  // Before the method check (a cached page takes GET and HEAD) and the session, after the headers
  // every response needs. Pages change as the code does while developing: nothing is kept then.
  const cacheBytes = options.mode === "development" ? 0 : deps.env.PAGE_CACHE_MB * 1024 * 1024;
  app.use(guestPageCache(deps, cacheBytes > 0 ? new PageCache(cacheBytes) : null, cacheBytes > 0 ? peers("guest-pages") : null));

  app.use(answerUnsupportedMethods(getBuild));

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (isSignedUnsubscribePost(deps.db, req.method, req.path, req.query.token)) return next();
    if (!isSameOrigin(req, deps.env.PUBLIC_URL)) {
      res.status(403).type("text/plain").send("Forbidden: this request did not come from this site (CSRF check).");
      return;
    }
    const mismatch = requestHostMismatch(req);
    if (!mismatch) return next();
    const advice = `The request's host (${mismatch.host}) is not the host of the page it came from (${mismatch.origin}): a reverse proxy in front of Peerdesk must forward the original Host header (nginx: proxy_set_header Host $host).`;
    console.warn(`Refused a form post: ${advice}`);
    res.status(403).type("text/plain").send(`Forbidden: ${advice}`);
  });

  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const session = await resolveSession(deps.lucia, req.get("cookie"));
      if (session.setCookie) res.append("Set-Cookie", session.setCookie);
      res.locals.user = session.user;
      res.locals.sessionId = session.sessionId;
      next();
    } catch (error) {
      next(error);
    }
  });

  app.use(
    createRemixHandler({
      build: options.build,
      mode: options.mode,
      publicUrl: () => deps.env.PUBLIC_URL,
      getLoadContext: (req, res): RequestContext => ({
        deps,
        user: res.locals.user ?? null,
        sessionId: res.locals.sessionId ?? null,
        cspNonce: res.locals.cspNonce,
        clientIp: req.ip ?? "unknown",
        // Remix answers a client navigation's or revalidation's loader data at `<path>.data`.
        document: emptyServerDocument({ rendersDocument: !req.path.endsWith(".data") }),
      }),
    }),
  );
  app.use(answerErrors);
  return app;
}

/**
 * The last word on an error that reached express. One that names a client's mistake (a 4xx
 * status, as express's own errors carry) is answered with it and one log line; anything else is
 * a bug: its stack is logged and the answer is a bare 500.
 */
// express recognises an error handler by its four parameters.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
function answerErrors(error: unknown, req: Request, res: Response, _next: NextFunction) {
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  const clientError = typeof status === "number" && status >= 400 && status < 500;
  if (clientError) console.warn(`${status} ${req.method} ${JSON.stringify(req.originalUrl.slice(0, 200))}: ${(error as Error).message}`);
  else console.error(error);
  // Half an answer cannot be taken back: cut the connection so the client sees it failed.
  if (res.headersSent) return void res.destroy();
  res.status(clientError ? status : 500).type("text/plain").send(clientError ? `${status} ${STATUS_CODES[status]}` : "Internal server error");
}
