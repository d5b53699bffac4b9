import type { NextFunction, Request, Response } from "express";
import type { Env } from "./env.server";

/** How much a route's forms may send, each kind with its own setting. */
export type BodyKind = "form" | "post" | "upload";

const LIMIT_SETTING: Record<BodyKind, "BODY_LIMIT_FORM_KB" | "BODY_LIMIT_POST_KB" | "BODY_LIMIT_UPLOAD_KB"> = {
  form: "BODY_LIMIT_FORM_KB",
  post: "BODY_LIMIT_POST_KB",
  upload: "BODY_LIMIT_UPLOAD_KB",
};

// Routes whose forms carry Markdown (a post, its preview); every other form is a few fields.
// A route that takes files gets a kind and a setting of its own here.
const ROUTE_KINDS: Array<[RegExp, BodyKind]> = [
  [/^\/ask$/, "post"],
  [/^\/t\/[^/]+\/[^/]+$/, "post"],
  [/^\/p\/[^/]+\/edit$/, "post"],
  [/^\/resources\/markdown-preview$/, "post"],
  [/^\/admin\/identity$/, "upload"],
  [/^\/account\/profile$/, "upload"],
];

/** The most a request to `pathname` may send, in bytes. */
export function bodyLimitFor(pathname: string, env: Env): number {
  // Remix's data requests (with JavaScript) carry the page's path plus ".data"; "/_root.data" is "/".
  const page = pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  const kind = ROUTE_KINDS.find(([pattern]) => pattern.test(page))?.[1] ?? "form";
  return env[LIMIT_SETTING[kind]] * 1024;
}

function refuse(req: Request, res: Response, limit: number) {
  // What is still on its way is read and dropped until the answer is out, then the connection closes.
  req.resume();
  res
    .status(413)
    .set("Connection", "close")
    .type("text/plain")
    .send(`Payload too large: this address takes at most ${limit / 1024} KB.`);
}

/**
 * Reads a request's body before any route sees it, refusing one over its route's limit with 413:
 * by its Content-Length before reading a byte, and, when it comes without one (chunked), as soon
 * as the bytes read pass the limit. Nothing past the limit is kept in memory. The body is left in
 * `res.locals.body` for the Remix handler; GET and HEAD bodies are never read (Node drops them).
 */
export function readRequestBodies(getEnv: () => Env) {
  return (req: Request, res: Response, next: NextFunction) => {
    const limit = bodyLimitFor(req.path, getEnv());
    if (Number(req.get("content-length") ?? 0) > limit) return refuse(req, res, limit);
    if (req.method === "GET" || req.method === "HEAD") return next();

    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", stop);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      refuse(req, res, limit);
    };
    const onEnd = () => {
      stop();
      res.locals.body = Buffer.concat(chunks, size);
      next();
    };
    // An error here is the client going away mid-body: nobody is left to answer.
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", stop);
  };
}
