import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { settings } from "@db/schema";
import { SiteSettingsSchema, type SiteSettings } from "~/schemas/settings";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { Invalid } from "./errors";

/** The site's settings, defaults filled in for keys never saved. */
export function getSettings({ db }: { db: Db }): SiteSettings {
  const stored = Object.fromEntries(db.select().from(settings).all().map((row) => [row.key, row.value]));
  const parsed = SiteSettingsSchema.safeParse(stored);
  // A stored value that no longer validates (an older shape) falls back to its default.
  if (parsed.success) return parsed.data;
  const broken = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  return SiteSettingsSchema.parse(Object.fromEntries(Object.entries(stored).filter(([key]) => !broken.has(key))));
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
