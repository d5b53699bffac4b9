import type { Db } from "@db/client.server";
import type { Env } from "~/utils/env.server";
import { createMeilisearchIndex } from "./meilisearch.server";
import { createSqliteFtsIndex } from "./sqlite-fts.server";
import type { SearchIndex } from "./types";

export type { SearchIndex } from "./types";

/** Meilisearch when MEILI_HOST is set, otherwise FTS5 inside the forum's own database. */
export function createSearchIndex(env: Pick<Env, "MEILI_HOST" | "MEILI_API_KEY" | "MEILI_INDEX">, db: Db): SearchIndex {
  if (env.MEILI_HOST) {
    return createMeilisearchIndex({ host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY, indexUid: env.MEILI_INDEX });
  }
  return createSqliteFtsIndex(db);
}
