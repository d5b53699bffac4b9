// A stand-in Meilisearch server for tests, written from the documented HTTP API
// (https://www.meilisearch.com/docs/reference/api): it answers in the documented shapes and
// records every request that strays from the documentation as a violation.
import http from "node:http";
import type { AddressInfo } from "node:net";

type Doc = Record<string, unknown> & { id: number | string };
interface FakeIndex {
  uid: string;
  primaryKey: string | null;
  createdAt: string;
  updatedAt: string;
  docs: Map<string, Doc>;
  settings: Record<string, unknown>;
}
interface FakeTask {
  uid: number;
  indexUid: string | null;
  type: string;
  status: "enqueued" | "processing" | "succeeded" | "failed";
  polls: number;
  enqueuedAt: string;
  apply: () => void;
  error: { message: string; code: string; type: string; link: string } | null;
}
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

// Documented search body parameters (POST /indexes/{uid}/search).
const SEARCH_PARAMS = new Set([
  "q", "offset", "limit", "hitsPerPage", "page", "filter", "facets", "distinct", "attributesToRetrieve",
  "attributesToCrop", "cropLength", "cropMarker", "attributesToHighlight", "highlightPreTag", "highlightPostTag",
  "showMatchesPosition", "sort", "matchingStrategy", "showRankingScore", "showRankingScoreDetails",
  "rankingScoreThreshold", "attributesToSearchOn", "hybrid", "vector", "retrieveVectors", "locales",
]);
// Documented index settings (PATCH /indexes/{uid}/settings).
const SETTINGS = new Set([
  "displayedAttributes", "searchableAttributes", "filterableAttributes", "sortableAttributes", "rankingRules",
  "stopWords", "nonSeparatorTokens", "separatorTokens", "dictionary", "synonyms", "distinctAttribute",
  "proximityPrecision", "typoTolerance", "faceting", "pagination", "embedders", "searchCutoffMs", "localizedAttributes",
  "facetSearch", "prefixSearch",
]);
const BUILTIN_RULES = new Set(["words", "typo", "proximity", "attribute", "attributeRank", "wordPosition", "sort", "exactness"]);
const MATCHING_STRATEGIES = new Set(["last", "all", "frequency"]);
const PENDING_POLLS = 2;

function apiError(message: string, code: string, type = "invalid_request") {
  return { message, code, type, link: `https://docs.meilisearch.com/errors#${code}` };
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export async function startFakeMeilisearch({ apiKey }: { apiKey?: string } = {}) {
  const indexes = new Map<string, FakeIndex>();
  const tasks: FakeTask[] = [];
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const state = { down: false, failNextTask: false };
  const now = () => new Date().toISOString();

  function enqueue(indexUid: string | null, type: string, apply: () => void) {
    const task: FakeTask = { uid: tasks.length, indexUid, type, status: "enqueued", polls: 0, enqueuedAt: now(), apply, error: null };
    if (state.failNextTask) {
      state.failNextTask = false;
      task.apply = () => {
        throw apiError("The document could not be indexed.", "invalid_document_fields");
      };
    }
    tasks.push(task);
    return { status: 202, body: { taskUid: task.uid, indexUid, status: "enqueued", type, enqueuedAt: task.enqueuedAt } };
  }

  function createIndex(uid: string, primaryKey: string | null): FakeIndex {
    const index: FakeIndex = { uid, primaryKey, createdAt: now(), updatedAt: now(), docs: new Map(), settings: {} };
    indexes.set(uid, index);
    return index;
  }

  function listSetting(index: FakeIndex, name: string): string[] {
    return (index.settings[name] as string[] | undefined) ?? [];
  }

  function checkFilter(index: FakeIndex, filter: unknown): string | null {
    if (filter === undefined || filter === null) return null;
    if (typeof filter !== "string") return "filter must be a string in this client's use";
    for (const clause of filter.split(/\s+AND\s+/)) {
      const match = /^([A-Za-z_][\w.]*)\s*=\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false)$/.exec(clause.trim());
      if (!match) return `unparsable filter clause \`${clause}\``;
      if (!listSetting(index, "filterableAttributes").includes(match[1]!)) return `Attribute \`${match[1]}\` is not filterable.`;
    }
    return null;
  }

  function matchesFilter(doc: Doc, filter: string | undefined): boolean {
    if (!filter) return true;
    return filter.split(/\s+AND\s+/).every((clause) => {
      const [, attr, raw] = /^(\S+)\s*=\s*(.+)$/.exec(clause.trim())!;
      const value = raw!.startsWith('"') ? JSON.parse(raw!) : raw;
      return String(doc[attr!]) === String(value);
    });
  }

  function highlight(text: string, terms: string[], pre: string, post: string): string {
    return text.replace(/[\p{L}\p{N}]+/gu, (word) => (terms.some((t) => word.toLowerCase().startsWith(t)) ? `${pre}${word}${post}` : word));
  }

  function crop(text: string, terms: string[], length: number, marker: string): string {
    const tokens = text.split(/\s+/).filter(Boolean);
    if (tokens.length <= length) return text;
    const first = Math.max(0, tokens.findIndex((token) => terms.some((t) => token.toLowerCase().includes(t))));
    const start = Math.max(0, Math.min(first - Math.floor(length / 2), tokens.length - length));
    return `${start > 0 ? marker : ""}${tokens.slice(start, start + length).join(" ")}${start + length < tokens.length ? marker : ""}`;
  }

  function search(index: FakeIndex, body: Record<string, unknown>) {
    const q = typeof body.q === "string" ? body.q : "";
    const terms = words(q);
    const searchable = listSetting(index, "searchableAttributes");
    const attributes = searchable.length ? searchable : ["title"];
    // Synonyms (one-word ones) and the matching strategy: "all" (the default) needs every word,
    // "last" and "frequency" settle for any of them in this stand-in.
    const synonyms = (index.settings.synonyms as Record<string, string[]> | undefined) ?? {};
    const variants = (term: string) => [term, ...(synonyms[term] ?? []).filter((s) => !/\s/.test(s))];
    const everyWord = (body.matchingStrategy ?? "all") === "all";
    const rank = (doc: Doc) => {
      const at = attributes.findIndex((attr) => {
        const docWords = words(String(doc[attr] ?? ""));
        const has = (term: string, i: number) =>
          variants(term).some((v) => docWords.some((w) => (i === terms.length - 1 ? w.startsWith(v) : w === v)));
        return everyWord ? terms.every(has) : terms.some(has);
      });
      return at;
    };
    let found = [...index.docs.values()].filter((doc) => matchesFilter(doc, body.filter as string | undefined));
    if (terms.length) found = found.filter((doc) => rank(doc) >= 0);
    const sort = (body.sort as string[] | undefined) ?? [];
    found.sort((a, b) => {
      for (const rule of sort) {
        const [attr, dir] = rule.split(":");
        const diff = Number(a[attr!]) - Number(b[attr!]);
        if (diff) return dir === "desc" ? -diff : diff;
      }
      return rank(a) - rank(b);
    });
    const offset = (body.offset as number | undefined) ?? 0;
    const limit = (body.limit as number | undefined) ?? 20;
    const pre = (body.highlightPreTag as string | undefined) ?? "<em>";
    const post = (body.highlightPostTag as string | undefined) ?? "</em>";
    const toHighlight = new Set((body.attributesToHighlight as string[] | undefined) ?? []);
    const toCrop = new Set((body.attributesToCrop as string[] | undefined) ?? []);
    const hits = found.slice(offset, offset + limit).map((doc) => {
      const formatted: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(doc)) {
        let text = typeof value === "string" ? value : value;
        if (typeof text === "string" && toCrop.has(key)) text = crop(text, terms, (body.cropLength as number | undefined) ?? 10, (body.cropMarker as string | undefined) ?? "…");
        if (typeof text === "string" && toHighlight.has(key)) text = highlight(text, terms, pre, post);
        formatted[key] = typeof text === "number" ? String(text) : text;
      }
      return { ...doc, _formatted: formatted };
    });
    return { hits, query: q, processingTimeMs: 1, limit, offset, estimatedTotalHits: found.length };
  }

  function route(method: string, path: string, query: Record<string, string>, body: unknown): { status: number; body: unknown } {
    const parts = path.split("/").filter(Boolean);
    if (method === "GET" && path === "/health") return { status: 200, body: { status: "available" } };
    if (parts[0] === "tasks" && parts.length === 2 && method === "GET") {
      const task = tasks[Number(parts[1])];
      if (!task) return { status: 404, body: apiError(`Task \`${parts[1]}\` not found.`, "task_not_found") };
      // Each task is seen enqueued, then processing, before it finishes: clients must poll.
      task.polls += 1;
      if (task.status === "enqueued" && task.polls >= PENDING_POLLS) task.status = "processing";
      else if (task.status === "processing") {
        try {
          task.apply();
          task.status = "succeeded";
        } catch (error) {
          task.status = "failed";
          task.error = error as FakeTask["error"];
        }
      }
      const finished = task.status === "succeeded" || task.status === "failed";
      return {
        status: 200,
        body: {
          uid: task.uid, batchUid: finished ? task.uid : null, indexUid: task.indexUid, status: task.status, type: task.type,
          canceledBy: null, details: {}, error: task.error, duration: finished ? "PT0.001S" : null,
          enqueuedAt: task.enqueuedAt, startedAt: task.status === "enqueued" ? null : task.enqueuedAt, finishedAt: finished ? now() : null,
        },
      };
    }
    if (method === "POST" && path === "/swap-indexes") {
      if (!Array.isArray(body)) return { status: 400, body: apiError("swap body must be an array", "bad_request") };
      for (const swap of body as { indexes?: unknown; rename?: unknown }[]) {
        if (!Array.isArray(swap.indexes) || swap.indexes.length !== 2) violations.push("swap-indexes: each entry needs `indexes` with two uids");
        if (swap.rename !== undefined && typeof swap.rename !== "boolean") violations.push("swap-indexes: `rename` must be a boolean");
      }
      return enqueue(null, "indexSwap", () => {
        for (const swap of body as { indexes: [string, string] }[]) {
          const [a, b] = swap.indexes.map((uid) => indexes.get(uid));
          if (!a || !b) throw apiError("Indexes not found.", "index_not_found");
          indexes.set(a.uid, { ...b, uid: a.uid });
          indexes.set(b.uid, { ...a, uid: b.uid });
        }
      });
    }
    if (method === "POST" && path === "/indexes") {
      const { uid, primaryKey } = body as { uid?: string; primaryKey?: string };
      if (typeof uid !== "string") return { status: 400, body: apiError("`uid` is required", "missing_index_uid") };
      return enqueue(uid, "indexCreation", () => {
        if (indexes.has(uid)) throw apiError(`Index \`${uid}\` already exists.`, "index_already_exists");
        createIndex(uid, primaryKey ?? null);
      });
    }
    if (parts[0] !== "indexes" || !parts[1]) return { status: 404, body: apiError("Not found", "not_found") };
    const uid = parts[1];
    const index = indexes.get(uid);
    const rest = parts.slice(2).join("/");
    const missing = { status: 404, body: apiError(`Index \`${uid}\` not found.`, "index_not_found") };

    if (rest === "" && method === "GET") return index ? { status: 200, body: { uid, primaryKey: index.primaryKey, createdAt: index.createdAt, updatedAt: index.updatedAt } } : missing;
    if (rest === "" && method === "DELETE") return enqueue(uid, "indexDeletion", () => void indexes.delete(uid));
    if (rest === "stats" && method === "GET") {
      return index ? { status: 200, body: { numberOfDocuments: index.docs.size, isIndexing: false, fieldDistribution: {} } } : missing;
    }
    if (rest === "settings" && method === "PATCH") {
      for (const key of Object.keys(body as object)) if (!SETTINGS.has(key)) violations.push(`settings: unknown setting \`${key}\``);
      const rules = (body as { rankingRules?: string[] }).rankingRules ?? [];
      for (const rule of rules) if (!BUILTIN_RULES.has(rule) && !/^[\w.]+:(asc|desc)$/.test(rule)) violations.push(`settings: invalid ranking rule \`${rule}\``);
      return enqueue(uid, "settingsUpdate", () => {
        const target = indexes.get(uid) ?? createIndex(uid, null);
        Object.assign(target.settings, body);
      });
    }
    if (rest === "documents" && method === "POST") {
      if (!Array.isArray(body)) return { status: 400, body: apiError("The `json` payload must be an array", "malformed_payload") };
      const key = query.primaryKey ?? index?.primaryKey ?? "id";
      for (const doc of body as Doc[]) {
        const id = doc[key];
        if (!(Number.isInteger(id) || (typeof id === "string" && /^[\w-]+$/.test(id)))) violations.push(`documents: invalid primary key value ${JSON.stringify(id)}`);
      }
      return enqueue(uid, "documentAdditionOrUpdate", () => {
        const target = indexes.get(uid) ?? createIndex(uid, key);
        target.primaryKey ??= key;
        for (const doc of body as Doc[]) target.docs.set(String(doc[key]), doc);
      });
    }
    if (rest === "documents/delete-batch" && method === "POST") {
      if (!Array.isArray(body)) return { status: 400, body: apiError("expected an array of ids", "bad_request") };
      return enqueue(uid, "documentDeletion", () => {
        for (const id of body as unknown[]) indexes.get(uid)?.docs.delete(String(id));
      });
    }
    if (rest === "search" && method === "POST") {
      if (!index) return missing;
      const params = body as Record<string, unknown>;
      for (const key of Object.keys(params)) if (!SEARCH_PARAMS.has(key)) violations.push(`search: unknown parameter \`${key}\``);
      if (params.matchingStrategy !== undefined && !MATCHING_STRATEGIES.has(params.matchingStrategy as string)) violations.push("search: bad matchingStrategy");
      for (const name of ["limit", "offset", "cropLength"]) {
        if (params[name] !== undefined && !(Number.isInteger(params[name]) && (params[name] as number) >= 0)) violations.push(`search: \`${name}\` must be a non-negative integer`);
      }
      const filterError = checkFilter(index, params.filter);
      if (filterError) return { status: 400, body: apiError(filterError, "invalid_search_filter") };
      for (const rule of (params.sort as string[] | undefined) ?? []) {
        const [attr, dir] = rule.split(":");
        if (!listSetting(index, "sortableAttributes").includes(attr!) || !["asc", "desc"].includes(dir ?? "")) {
          return { status: 400, body: apiError(`Attribute \`${attr}\` is not sortable.`, "invalid_search_sort") };
        }
      }
      return { status: 200, body: search(index, params) };
    }
    violations.push(`unknown endpoint ${method} ${path}`);
    return { status: 404, body: apiError("Not found", "not_found") };
  }

  const server = http.createServer((req, res) => {
    if (state.down) return void req.socket.destroy();
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const body = raw ? JSON.parse(raw) : undefined;
      const method = req.method ?? "GET";
      requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, authorization: req.headers.authorization });
      if (raw && !String(req.headers["content-type"]).startsWith("application/json")) violations.push(`${method} ${url.pathname}: body without Content-Type: application/json`);
      let result: { status: number; body: unknown };
      if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) {
        result = req.headers.authorization
          ? { status: 403, body: apiError("The provided API key is invalid.", "invalid_api_key", "auth") }
          : { status: 401, body: apiError("The Authorization header is missing.", "missing_authorization_header", "auth") };
      } else {
        result = route(method, url.pathname, Object.fromEntries(url.searchParams), body);
      }
      res.writeHead(result.status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(result.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    indexes,
    tasks,
    requests,
    violations,
    state,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
