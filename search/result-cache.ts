// Answers recently computed by the FTS5 engine, kept while the index is unchanged. Most searches
// repeat (the widget searches as each visitor types the same few questions), and ranking one by
// bm25 reads the positions of every candidate. Each process keeps its own; what makes an entry
// stale is a write to the index by any process, which the index generation in SQLite tells.

/** Answers kept per process; the least recently used goes first. */
export const RESULT_CACHE_ENTRIES = 500;

export interface ResultCache {
  /**
   * The answer for `key` computed at index generation `generation`, or computes and keeps it.
   * A generation other than the one the kept answers were computed at drops them all.
   */
  get<T>(key: string, generation: number, compute: () => T): T;
  clear(): void;
}

export function createResultCache(capacity = RESULT_CACHE_ENTRIES): ResultCache {
  const entries = new Map<string, unknown>();
  let cachedAt: number | undefined;
  return {
    get<T>(key: string, generation: number, compute: () => T): T {
      if (generation !== cachedAt) {
        entries.clear();
        cachedAt = generation;
      }
      if (entries.has(key)) {
        const kept = entries.get(key) as T;
        // Map keeps insertion order: re-inserting marks it most recently used.
        entries.delete(key);
        entries.set(key, kept);
        return kept;
      }
      const value = compute();
      entries.set(key, value);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return value;
    },
    clear() {
      entries.clear();
    },
  };
}
