import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "@db/schema";
import { drainQueue } from "~/jobs/scheduler.server";
import { SEARCH_SYNC_HANDLER } from "~/jobs/search-jobs.server";
import { createReply } from "~/services/posts.server";
import { updateSettings } from "~/services/settings.server";
import { createTestDepsOn, type TestDeps } from "../setup/deps";
import { startTestApp, type TestApp } from "../setup/test-app";
import type { WorkerPeers } from "~/workers.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

// Issue 14: guests' search and similar-question API answers are kept as JSON bytes and served
// before Remix; any write to the index, by this process or another on the same database, shows on
// the next request.
describe("the search API's kept answers", () => {
  let app: TestApp;
  /** Another process's view of the same database: its own connection, engine and services. */
  let other: TestDeps;
  let asker: User;
  let category: { id: number; slug: string };

  beforeAll(async () => {
    app = await startTestApp();
    other = createTestDepsOn(app.deps.file);
    asker = await makeUser(app.deps);
    category = makeCategory(app.deps.db);
    ask(app.deps, asker, category, { title: "Glimmerfax router drops the line", body: "The glimmerfax light goes red at night." });
    await drainQueue(app.deps, [SEARCH_SYNC_HANDLER]);
    updateSettings(app.deps, { widgetOrigins: ["https://brand.example"] });
  });
  afterAll(async () => {
    other.db.$client.close();
    await app.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers });
  const titles = async (path: string) => ((await (await get(path)).json()) as { results: { title: string }[] }).results.map((r) => r.title);
  const similarTitles = async (path: string) => ((await (await get(path)).json()) as { threads: { title: string }[] }).threads.map((t) => t.title);

  it("answers a repeated question without the engine, with the same bytes and headers, CORS per request", async () => {
    const search = vi.spyOn(app.deps.search, "search");
    const similar = vi.spyOn(app.deps.search, "similar");
    try {
      const first = await get("/api/v1/search?q=glimmerfax");
      const firstBody = await first.text();
      const again = await get("/api/v1/search?q=glimmerfax&limit=10", { Origin: "https://brand.example" });
      expect(await again.text()).toBe(firstBody);
      expect(search).toHaveBeenCalledTimes(1);
      expect(JSON.parse(firstBody)).toMatchObject({ query: "glimmerfax", total: 1, results: [{ titleHtml: "<mark>Glimmerfax</mark> router drops the line" }] });
      for (const response of [first, again]) {
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
        expect(response.headers.get("cache-control")).toBe("no-store");
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
        expect(response.headers.get("vary")).toContain("Origin");
      }
      expect(first.headers.get("access-control-allow-origin")).toBeNull();
      expect(again.headers.get("access-control-allow-origin")).toBe("https://brand.example");

      const compressed = await fetch(`${app.url}/api/v1/search?q=glimmerfax`, { headers: { "Accept-Encoding": "gzip" } });
      expect(await compressed.text()).toBe(firstBody);

      const firstSimilar = await (await get("/api/v1/similar?title=glimmerfax%20router%20trouble")).text();
      expect(await (await get("/api/v1/similar?title=glimmerfax%20router%20trouble")).text()).toBe(firstSimilar);
      expect(similar).toHaveBeenCalledTimes(1);
      expect(JSON.parse(firstSimilar)).toMatchObject({ threads: [{ title: "Glimmerfax router drops the line" }] });
      expect(search).toHaveBeenCalledTimes(1);
    } finally {
      search.mockRestore();
      similar.mockRestore();
    }
  });

  it("shows a thread another process indexed on the next request, search and similar alike", async () => {
    expect(await titles("/api/v1/search?q=glimmerfax")).toEqual(["Glimmerfax router drops the line"]);
    expect(await similarTitles("/api/v1/similar?title=glimmerfax%20modem")).toEqual(["Glimmerfax router drops the line"]);
    const thread = ask(other, asker, category, { title: "Glimmerfax modem keeps rebooting", body: "Every hour." });
    // Queued but not yet in the index: the kept answer still holds.
    expect(await titles("/api/v1/search?q=glimmerfax")).toHaveLength(1);
    await drainQueue(other, [SEARCH_SYNC_HANDLER]);
    expect(await titles("/api/v1/search?q=glimmerfax")).toContain("Glimmerfax modem keeps rebooting");
    expect(await similarTitles("/api/v1/similar?title=glimmerfax%20modem")).toContain("Glimmerfax modem keeps rebooting");

    // An answer written in this process, to that thread, changes what the search finds too.
    createReply(app.deps, asker, thread.id, { body: "Try the quenchular firmware." });
    await drainQueue(app.deps, [SEARCH_SYNC_HANDLER]);
    expect(await titles("/api/v1/search?q=quenchular")).toEqual(["Glimmerfax modem keeps rebooting"]);
  });

  it("leaves to the route what it answers differently: refused parameters, a session cookie (an ask session: search.test.ts)", async () => {
    const refused = await get("/api/v1/search?q=glimmerfax&limit=500");
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe("invalid_query");
    const search = vi.spyOn(app.deps.search, "search");
    try {
      expect((await get("/api/v1/search?q=glimmerfax", { Cookie: "peerdesk_session=nonsense" })).status).toBe(200);
      expect(search).toHaveBeenCalledTimes(1);
    } finally {
      search.mockRestore();
    }
  });

  it("keeps a gzip copy that unpacks to the same JSON", async () => {
    const http = await import("node:http");
    const body = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      http
        .get(`${app.url}/api/v1/search?q=glimmerfax&limit=50`, { headers: { "Accept-Encoding": "gzip" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ encoding: res.headers["content-encoding"], bytes: Buffer.concat(chunks) }));
        })
        .on("error", reject);
    });
    const plain = await (await get("/api/v1/search?q=glimmerfax&limit=50")).text();
    if (Buffer.byteLength(plain) >= 1024) expect(body.encoding).toBe("gzip");
    const text = body.encoding === "gzip" ? gunzipSync(body.bytes).toString("utf8") : body.bytes.toString("utf8");
    expect(text).toBe(plain);
  });

  it("hands an answer it computed to the other workers, which serve it until their own index generation moves", async () => {
    // Two workers over one database, joined as the primary joins them (app/workers.server.ts).
    const handlers: ((payload: unknown) => void)[] = [];
    const peer = (self: number) => (topic: string): WorkerPeers | null =>
      topic === "search-api"
        ? {
            share: (payload) => handlers.forEach((handle, i) => i !== self && handle(structuredClone(payload))),
            receive: (handle) => void (handlers[self] = handle),
          }
        : null;
    const first = await startTestApp({ file: app.deps.file, peers: peer(0) });
    const second = await startTestApp({ file: app.deps.file, peers: peer(1) });
    // Workers of one server share its public address.
    (second.deps.env as { PUBLIC_URL: string }).PUBLIC_URL = first.deps.env.PUBLIC_URL;
    const search = vi.spyOn(second.deps.search, "search");
    try {
      const asked = "/api/v1/search?q=glimmerfax%20rebooting";
      const computed = await (await fetch(`${first.url}${asked}`)).text();
      expect(computed).toContain("Glimmerfax modem keeps rebooting");
      expect(await (await fetch(`${second.url}${asked}`)).text()).toBe(computed);
      expect(search).not.toHaveBeenCalled();

      ask(other, asker, category, { title: "Glimmerfax rebooting after the update", body: "Since Tuesday." });
      await drainQueue(other, [SEARCH_SYNC_HANDLER]);
      expect(await (await fetch(`${second.url}${asked}`)).text()).toContain("Glimmerfax rebooting after the update");
      expect(search).toHaveBeenCalledTimes(1);
    } finally {
      search.mockRestore();
      await first.close();
      await second.close();
    }
  });
});

