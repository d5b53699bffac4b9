import { seedIfEmpty } from "@db/seed";
import type { AppDeps } from "~/context.server";
import { prepareSearch } from "@search/sync.server";

/** Before the first request, in one process: the demo community on an empty database, and a search index that holds the forum. */
export async function prepareDatabase(deps: AppDeps): Promise<void> {
  if (deps.env.SEED === "on") {
    const seeded = await seedIfEmpty(deps);
    if (seeded) {
      console.log("Loaded the demo community. Demo accounts (password for all: %s):", seeded.password);
      for (const account of seeded.accounts) console.log(`  ${account.email.padEnd(20)} ${account.demoAs} (${account.role})`);
    }
  }
  await prepareSearch(deps);
}
