// `npm run search:reindex`: rebuilds the whole search index from the database into a fresh index
// (FTS5: new tables; Meilisearch: a new index) and swaps it in; searches keep working throughout.
import cliProgress from "cli-progress";
import { closeDeps, createDeps } from "~/deps.server";
import { loadEnv } from "~/utils/env.server";
import { rebuildIndex } from "./sync.server";

const deps = createDeps(loadEnv());
const bar = new cliProgress.SingleBar(
  { format: "Reindexing |{bar}| {value}/{total} threads · {rate} threads/s · ETA {eta_formatted}", hideCursor: true },
  cliProgress.Presets.shades_classic,
);
const started = performance.now();
try {
  await deps.search.setup();
  bar.start(0, 0, { rate: "0" });
  const { threads } = await rebuildIndex(deps, {
    onProgress: ({ done, total }) => {
      const seconds = (performance.now() - started) / 1000;
      bar.setTotal(total);
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds).toLocaleString("en") : "0" });
    },
  });
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(`Indexed ${threads.toLocaleString("en")} threads into ${deps.search.engine} in ${seconds.toFixed(1)} s.`);
} catch (error) {
  bar.stop();
  console.error(`Reindex failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  closeDeps(deps);
}
