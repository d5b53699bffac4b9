import type { SearchDocument, SearchIndex } from "@search/types";

/** Wraps an engine: can be switched off like a server that went away, and records what it applied. */
export function failingIndex(inner: SearchIndex) {
  const state = { down: false, applied: [] as SearchDocument[], deleted: [] as number[] };
  const check = () => {
    if (state.down) throw new Error("connect ECONNREFUSED 127.0.0.1:7700");
  };
  const index: SearchIndex = {
    ...inner,
    async setup() {
      check();
      await inner.setup();
    },
    async count() {
      check();
      return inner.count();
    },
    async upsert(documents) {
      check();
      await inner.upsert(documents);
      state.applied.push(...documents);
    },
    async delete(ids) {
      check();
      await inner.delete(ids);
      state.deleted.push(...ids);
    },
    async search(query) {
      check();
      return inner.search(query);
    },
  };
  return { index, state };
}
