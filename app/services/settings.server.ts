import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { settings } from "@db/schema";
import { SiteSettingsSchema, type SiteSettings } from "~/schemas/settings.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { Invalid } from "./errors";

function parseSettings(stored: Record<string, unknown>): SiteSettings {
  const parsed = SiteSettingsSchema.safeParse(stored);
  // A stored value that no longer validates (an older shape) falls back to its default.
  if (parsed.success) return parsed.data;
  const broken = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  return SiteSettingsSchema.parse(Object.fromEntries(Object.entries(stored).filter(([key]) => !broken.has(key))));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

// Validating every setting is most of the cost of reading them, several times per request. The
// rows are still read each time (a few dozen, by primary key order), so a change saved by any
// process shows at once; only the parse is skipped while the stored text is unchanged.
const parsedByDb = new WeakMap<Db, { stored: string; settings: SiteSettings }>();

/** The site's settings, defaults filled in for keys never saved. Frozen: shared between callers. */
export function getSettings({ db }: { db: Db }): SiteSettings {
  const rows = db.select({ key: settings.key, value: settings.value }).from(settings).orderBy(settings.key).all();
  const stored = JSON.stringify(rows);
  const cached = parsedByDb.get(db);
  if (cached?.stored === stored) return cached.settings;
  const parsed = deepFreeze(parseSettings(Object.fromEntries(rows.map((row) => [row.key, row.value]))));
  parsedByDb.set(db, { stored, settings: parsed });
  return parsed;
}

/** Validates and saves some settings; nothing is saved if any value is invalid. */
export function updateSettings({ db, clock }: { db: Db; clock: Clock }, changes: Partial<SiteSettings>): SiteSettings {
  const merged = SiteSettingsSchema.safeParse({ ...getSettings({ db }), ...changes });
  if (!merged.success) throw new Invalid(fieldErrors(merged.error));
  const now = clock.now();
  db.transaction((tx) => {
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
