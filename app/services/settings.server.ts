import { eq } from "drizzle-orm";
import { connectionOf, transaction, type Db } from "@db/client.server";
import { settings } from "@db/schema";
import { SiteSettingsSchema, type SiteSettings } from "~/schemas/settings.server";
import type { Clock } from "~/utils/clock";
import { deepFreeze } from "~/utils/deep-freeze";
import { fieldErrors } from "~/utils/forms";
import { preparedQuery } from "~/utils/prepared-queries.server";
import { Invalid } from "./errors";
import { readPageVersion } from "./page-versions.server";

function parseSettings(stored: Record<string, unknown>): SiteSettings {
  const parsed = SiteSettingsSchema.safeParse(stored);
  // A stored value that no longer validates (an older shape) falls back to its default.
  if (parsed.success) return parsed.data;
  const broken = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  return SiteSettingsSchema.parse(Object.fromEntries(Object.entries(stored).filter(([key]) => !broken.has(key))));
}

// Validating every setting is most of the cost of reading them, several times per request, and
// reading the rows is most of the rest. The 'site' counter of page_versions, raised by a trigger on
// every write to settings from any process (migration 0008), says whether the rows may have changed;
// only then are they read, and parsed again only if their text changed. Inside a transaction, which
// may roll back a counter it raised, the rows are read every time (but parsed only if they differ
// from what was last parsed on the connection: each answer posted reads them inside its write).
const parsedByDb = new WeakMap<object, { version: number | null; stored: string; settings: SiteSettings }>();

/** The site's settings, defaults filled in for keys never saved. Frozen: shared between callers. */
export function getSettings({ db }: { db: Db }): SiteSettings {
  // A transaction's handle has no $client of its own.
  const inTransaction = !db.$client || db.$client.inTransaction;
  const version = inTransaction ? null : readPageVersion({ db }, ["site"]);
  // A transaction's handle shares its database's connection, and so what was parsed on it.
  const connection = connectionOf(db);
  const cached = parsedByDb.get(connection);
  if (version !== null && cached?.version === version) return cached.settings;
  const rows = preparedQuery(db, "settingsRows", () => db.select({ key: settings.key, value: settings.value }).from(settings).orderBy(settings.key).prepare()).all();
  const stored = JSON.stringify(rows);
  const same = cached?.stored === stored;
  const parsed = same ? cached.settings : deepFreeze(parseSettings(Object.fromEntries(rows.map((row) => [row.key, row.value]))));
  // Rows read inside a transaction that match those kept leave the version they were kept at standing.
  parsedByDb.set(connection, { version: version ?? (same ? cached.version : null), stored, settings: parsed });
  return parsed;
}

/** Validates and saves some settings; nothing is saved if any value is invalid. */
export function updateSettings({ db, clock }: { db: Db; clock: Clock }, changes: Partial<SiteSettings>): SiteSettings {
  const merged = SiteSettingsSchema.safeParse({ ...getSettings({ db }), ...changes });
  if (!merged.success) throw new Invalid(fieldErrors(merged.error));
  const now = clock.now();
  transaction(db, (tx) => {
    for (const key of Object.keys(changes) as (keyof SiteSettings)[]) {
      const value = merged.data[key];
      // The column holds no SQL NULL: a setting cleared to null (every nullable one defaults to null) loses its row.
      if (value === null) {
        tx.delete(settings).where(eq(settings.key, key)).run();
        continue;
      }
      tx.insert(settings)
        .values({ key, value, updatedAt: now })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
        .run();
    }
  });
  return merged.data;
}
