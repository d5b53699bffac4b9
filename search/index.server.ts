import type { Db } from "@db/client.server";
import type { Env } from "~/utils/env.server";
import { createSqliteFtsIndex } from "./sqlite-fts.server";
import type { SearchIndex } from "./types";

export type { SearchIndex } from "./types";

/** Meilisearch when MEILI_HOST is set, otherwise FTS5 inside the forum's own database. */
export function createSearchIndex(env: Pick<Env, "MEILI_HOST" | "MEILI_API_KEY" | "MEILI_INDEX">, db: Db): SearchIndex {
  const { MEILI_HOST: host, MEILI_API_KEY: apiKey, MEILI_INDEX: indexUid } = env;
  if (host) {
    return loadedOnFirstUse("meilisearch", () => import("./meilisearch.server").then((engine) => engine.createMeilisearchIndex({ host, apiKey, indexUid })));
  }
  return createSqliteFtsIndex(db);
}

/** An engine whose client is loaded when first used, not at start (issue 14: cold start). */
function loadedOnFirstUse(engine: SearchIndex["engine"], load: () => Promise<SearchIndex>): SearchIndex {
  let loaded: Promise<SearchIndex> | undefined;
  const index = () => (loaded ??= load());
  return {
    engine,
    setup: async () => (await index()).setup(),
    upsert: async (documents) => (await index()).upsert(documents),
    delete: async (threadIds) => (await index()).delete(threadIds),
    search: async (query) => (await index()).search(query),
    similar: async (title, limit) => (await index()).similar(title, limit),
    setSynonyms: async (groups) => (await index()).setSynonyms(groups),
    count: async () => (await index()).count(),
    startBuild: async () => (await index()).startBuild(),
    healthy: async () => (await index()).healthy(),
    close: () => void loaded?.then((made) => made.close()),
  };
}
