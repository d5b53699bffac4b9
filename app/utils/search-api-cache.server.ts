import { gzipSync } from "node:zlib";
import type { NextFunction, Request, Response } from "express";
import type { SearchIndex } from "@search/types";
import type { AppDeps } from "~/context.server";
import { SearchApiQuerySchema, SimilarQuerySchema } from "~/schemas/search.server";
import { searchApiBody, searchForApi, suggestSimilarThreads } from "~/services/search.server";
import { getSettings } from "~/services/settings.server";
import type { WorkerPeers } from "~/workers.server";
import { corsHeadersFor } from "./cors.server";
import { carriesSession } from "./guest-page-cache.server";
import { compactBuffers, PageCache } from "./page-cache.server";

// The search and similar-question APIs (app/routes/api.v1.search.ts, api.v1.similar.ts) answered
// before Remix for guests, from the JSON bytes of an earlier answer to the same question (issue 14).
// A widget's visitors ask the same few things over and over; the engine already kept its answers,
// but a kept answer still went through Remix's routing, a loader, a Response and its stream, and a
// fresh JSON text: ~1 ms of CPU where the bytes take ~0.1. An answer holds while the index
// generation (which every write to the index changes, in any process: search/sqlite-terms.server.ts)
// and the synonyms it was computed with stay; the generation is read on every request, so a new post
// shows on the next request once its index update is written, whoever wrote it. Everything else
// (OPTIONS, refused parameters, an engine that is down or cannot tell its generation, an ask
// session's similar threads, which are recorded, and requests carrying a session cookie, whose
// session may be renewed) goes on to Remix, which answers as before.

/** Room for answers in each process (each keeps its own): ~2,000 answers of ten results. */
export const SEARCH_API_CACHE_BYTES = 16 * 1024 * 1024;
// What an entry's Map slot, key and objects cost beside its bytes, roughly.
const ENTRY_OVERHEAD = 256;
// compression's threshold: a smaller body goes out as it is.
const GZIP_MIN_BYTES = 1024;
const JSON_TYPE = "application/json; charset=utf-8";

interface Answer {
  /** The engine's generation read before the answer was computed. */
  generation: number;
  /** The synonym groups in force then, as JSON. */
  synonyms: string;
  /** PUBLIC_URL, which the search API's thread addresses start with. */
  base: string;
  body: Buffer;
  /** The body gzipped, made on the first request that takes gzip. */
  gzipped?: Buffer;
  bytes: number;
}

interface Question {
  key: string;
  /** The JSON text answering it, or null to leave the request to Remix (the engine is down). */
  answer(deps: AppDeps): Promise<string | null>;
  headers(req: Request, widgetOrigins: readonly string[]): Record<string, string>;
}

/** The question a request asks, as the route's loader would read it, or null when the loader must answer. */
function questionOf(path: string, params: Record<string, string>): Question | null {
  if (path === "/api/v1/search") {
    const parsed = SearchApiQuerySchema.safeParse(params);
    if (!parsed.success) return null;
    const query = parsed.data;
    return {
      key: JSON.stringify(["search", query.q, query.category, query.kind, query.solved, query.limit]),
      async answer(deps) {
        const found = await searchForApi(deps, query);
        return found.ok ? JSON.stringify(searchApiBody(query, found.result, deps.env.PUBLIC_URL)) : null;
      },
      headers: (req, widgetOrigins) => ({ ...corsHeadersFor(req.get("origin"), widgetOrigins), "Cache-Control": "no-store" }),
    };
  }
  if (path === "/api/v1/similar") {
    const { title, askSession } = SimilarQuerySchema.parse(params);
    if (askSession !== undefined) return null;
    return {
      key: JSON.stringify(["similar", title]),
      answer: async (deps) => JSON.stringify({ threads: await suggestSimilarThreads(deps, { title }) }),
      headers: () => ({ "Cache-Control": "no-store" }),
    };
  }
  return null;
}

/** The addresses answered here; nothing else is looked at (nor looked for on disk). */
export function isSearchApiPath(path: string): boolean {
  return path === "/api/v1/search" || path === "/api/v1/similar";
}

function searchParams(originalUrl: string): Record<string, string> {
  const at = originalUrl.indexOf("?");
  // As the loaders read them: Object.fromEntries(url.searchParams), the last of a repeated name winning.
  return at === -1 ? {} : Object.fromEntries(new URLSearchParams(originalUrl.slice(at + 1)));
}

function send(req: Request, res: Response, answer: Answer, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader("Content-Type", JSON_TYPE);
  let body = answer.body;
  // Compressed once per answer, not per response (compression leaves an encoded body alone).
  if (body.length >= GZIP_MIN_BYTES && req.acceptsEncodings("gzip") === "gzip") {
    body = answer.gzipped ??= compactBuffers([gzipSync(body)])[0]!;
    res.setHeader("Content-Encoding", "gzip");
  }
  res.setHeader("Content-Length", body.length);
  res.status(200).end(body);
}

/** An answer as one worker hands it to the others. */
interface SharedAnswer {
  key: string;
  generation: number;
  synonyms: string;
  base: string;
  body: string;
}

function isSharedAnswer(payload: unknown): payload is SharedAnswer {
  const answer = payload as Partial<SharedAnswer> | null;
  return (
    typeof answer === "object" &&
    answer !== null &&
    typeof answer.key === "string" &&
    typeof answer.generation === "number" &&
    typeof answer.synonyms === "string" &&
    typeof answer.base === "string" &&
    typeof answer.body === "string"
  );
}

function keptAnswer({ generation, synonyms, base }: Omit<Answer, "body" | "bytes">, body: Buffer): Answer {
  // Counted twice: room for its gzip copy.
  return { generation, synonyms, base, body: compactBuffers([body])[0]!, bytes: 2 * body.length + ENTRY_OVERHEAD };
}

/**
 * `peers`: the other worker processes (app/workers.server.ts). Each keeps its own answers; one computed
 * here is handed to them too, so a question costs the engine once, not once per worker. They keep it
 * under the same rule: it serves while their own reading of the generation and synonyms matches.
 */
export function searchApiCache(deps: AppDeps, { maxBytes = SEARCH_API_CACHE_BYTES, peers = null as WorkerPeers | null } = {}) {
  // One cache per engine object: a test (or a restart of the engine) that puts another in deps starts empty.
  const caches = new WeakMap<SearchIndex, PageCache<Answer>>();
  const cacheOf = (engine: SearchIndex) => {
    const cache = caches.get(engine) ?? new PageCache<Answer>(maxBytes);
    caches.set(engine, cache);
    return cache;
  };
  // The settings' synonyms as JSON, made once per settings object (getSettings keeps one until they change).
  const synonymsJson = new WeakMap<object, string>();
  const synonymsOf = (groups: object) => {
    let json = synonymsJson.get(groups);
    if (json === undefined) synonymsJson.set(groups, (json = JSON.stringify(groups)));
    return json;
  };
  peers?.receive((payload) => {
    if (!isSharedAnswer(payload) || !deps.search.generation) return;
    cacheOf(deps.search).set(payload.key, keptAnswer(payload, Buffer.from(payload.body)));
  });

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" || !isSearchApiPath(req.path) || carriesSession(req.get("cookie"))) return next();
    const engine = deps.search;
    if (!engine.generation) return next();
    const question = questionOf(req.path, searchParams(req.originalUrl));
    if (!question) return next();
    const settings = getSettings(deps);
    const headers = question.headers(req, settings.widgetOrigins);
    // Read before computing: a write landing meanwhile makes the answer kept stale at once.
    const generation = engine.generation();
    const synonyms = synonymsOf(settings.searchSynonyms);
    const base = deps.env.PUBLIC_URL;
    const cache = cacheOf(engine);
    const kept = cache.get(question.key);
    if (kept && kept.generation === generation && kept.synonyms === synonyms && kept.base === base) {
      return send(req, res, kept, headers);
    }
    question.answer(deps).then(
      (text) => {
        if (text === null) return next();
        const answer = keptAnswer({ generation, synonyms, base }, Buffer.from(text));
        cache.set(question.key, answer);
        peers?.share({ key: question.key, generation, synonyms, base, body: text } satisfies SharedAnswer);
        send(req, res, answer, headers);
      },
      // The loader meets the same error and answers it as it always has.
      () => next(),
    );
  };
}
