// Runs the SearchIndex contract against a real Meilisearch server. tests/vitest.config.ts only
// includes this file when MEILI_HOST is set: `MEILI_HOST=http://127.0.0.1:7700 MEILI_API_KEY=… npm test`.
import { randomUUID } from "node:crypto";
import { Meilisearch } from "meilisearch";
import { createMeilisearchIndex } from "@search/meilisearch.server";
import { describeSearchIndexContract } from "./contract";

const host = process.env.MEILI_HOST!;
const apiKey = process.env.MEILI_API_KEY || undefined;

describeSearchIndexContract(`Meilisearch at ${host}`, async () => {
  const indexUid = `peerdesk_contract_${randomUUID().slice(0, 8)}`;
  return {
    index: createMeilisearchIndex({ host, apiKey, indexUid }),
    cleanup: async () => {
      await new Meilisearch({ host, apiKey }).deleteIndexIfExists(indexUid);
    },
  };
});
