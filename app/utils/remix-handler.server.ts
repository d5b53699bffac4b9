import type { NextFunction, Request as ExpressRequest, Response } from "express";
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { wholeBodyOf } from "./whole-response";

// host[:port] as RFC 3986 allows it in a Host header: a name, an IPv4 or a bracketed IPv6
// address. No spaces, user info, path or query, which would break the URL or change its path.
const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/;

type TrustProxy = (address: string | undefined, hop: number) => boolean;

/**
 * The address of a request as the app sees it (with the forwarded host and scheme when a trusted
 * proxy sends them; without any Host, as HTTP/1.0 health checks send, the public URL's), or
 * a sentence saying which part is malformed.
 */
export function requestUrl(req: ExpressRequest, publicUrl: string): URL | string {
  if (!req.originalUrl.startsWith("/")) return "the request target is not a path";
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return "the path is not valid percent-encoding";
  }
  // Routes are matched on the decoded path, and the router's catch-all (app/routes/$.tsx, "(.*)$")
  // stops at a line break: "/a%0Ae" matched no route at all, which Remix logs as an error. No address
  // the site writes holds one.
  if (/[\n\r\u2028\u2029]/.test(path)) return "the path holds a line break";
  const forwarded = req.get("x-forwarded-host");
  const trusted = forwarded !== undefined && (req.app.get("trust proxy fn") as TrustProxy)(req.socket.remoteAddress, 0);
  const authority = (trusted ? forwarded.split(",")[0]!.trim() : req.get("host")) || new URL(publicUrl).host;
  if (!AUTHORITY.test(authority)) return "the Host header is not a host name";
  // From a local proxy, X-Forwarded-Proto; "a:b" would make a URL whose path is not a path.
  if (req.protocol !== "http" && req.protocol !== "https") return "the forwarded scheme is not http or https";
  try {
    return new URL(`${req.protocol}://${authority}${req.originalUrl}`);
  } catch {
    return "the host or port is not valid";
  }
}

/**
 * Answers 400 with one log line, not a stack trace, for a request whose address cannot be read.
 * Runs first: static files, express's router and Remix all choke on one.
 */
export function refuseMalformedRequests(getPublicUrl: () => string) {
  return (req: ExpressRequest, res: Response, next: NextFunction) => {
    const url = requestUrl(req, getPublicUrl());
    if (typeof url !== "string") return next();
    console.warn(`400 ${req.method} ${JSON.stringify(req.originalUrl.slice(0, 200))} (Host ${JSON.stringify(req.get("host") ?? "")}): ${url}`);
    res.status(400).set("Connection", "close").type("text/plain").send(`Bad request: ${url}.`);
  };
}

function requestHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

async function sendResponse(res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  const whole = wholeBodyOf(response);
  if (whole) res.end(whole);
  else if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

interface RemixHandlerOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  publicUrl: () => string;
  getLoadContext: (req: ExpressRequest, res: Response) => AppLoadContext;
}

/**
 * Remix's express adapter (@remix-run/express), building the request from what the middleware
 * before it checked: the address from requestUrl() (the adapter's own threw on a malformed Host,
 * a 500) and the body readRequestBodies() read within its limit, so no route can read past it.
 */
export function createRemixHandler({ build, mode, publicUrl, getLoadContext }: RemixHandlerOptions) {
  const handle = createRequestHandler(build, mode);
  return async (req: ExpressRequest, res: Response, next: NextFunction) => {
    try {
      const url = requestUrl(req, publicUrl());
      if (typeof url === "string") throw new Error(`Malformed request reached Remix: ${url}`);
      // Loaders and actions stop when the client goes away before the answer is complete.
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(url, {
        method: req.method,
        headers: requestHeaders(req),
        signal: controller.signal,
        body: hasBody ? ((res.locals.body as Buffer<ArrayBuffer> | undefined) ?? null) : undefined,
      });
      await sendResponse(res, await handle(request, getLoadContext(req, res)));
    } catch (error) {
      next(error);
    }
  };
}
