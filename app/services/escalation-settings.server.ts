import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { categories } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import type { SiteSettings } from "~/schemas/settings";
import type { Clock } from "~/utils/clock";
import { Forbidden, NotFound } from "./errors";
import { recomputeEscalationDeadlines } from "./escalation.server";
import { getSettings, updateSettings } from "./settings.server";

const DEADLINE_KEYS: (keyof SiteSettings)[] = ["defaultEscalationMinutes", "timezone", "businessHours", "holidays"];

function requireAdmin(actor: Actor) {
  if (!can(actor, "editSettings")) throw new Forbidden("Only admins can change settings.");
}

/**
 * Saves site settings (admins only). When the default window or the business calendar changes,
 * threads still waiting get their deadline recomputed under the new rules.
 */
export function saveSiteSettings(deps: { db: Db; clock: Clock }, actor: Actor, changes: Partial<SiteSettings>): SiteSettings {
  requireAdmin(actor);
  const before = getSettings(deps);
  const saved = updateSettings(deps, changes);
  const deadlinesMoved = DEADLINE_KEYS.some((key) => key in changes && JSON.stringify(before[key]) !== JSON.stringify(saved[key]));
  if (deadlinesMoved) recomputeEscalationDeadlines(deps);
  return saved;
}

/** Sets one category's window (null: the site default), switch and clock, and moves its waiting threads' deadlines. */
export function updateCategoryEscalation(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  change: { categoryId: number; minutes: number | null; enabled: boolean; clock: "calendar" | "business" },
): void {
  requireAdmin(actor);
  const updated = deps.db
    .update(categories)
    .set({ escalateAfterMinutes: change.minutes, escalationEnabled: change.enabled, escalationClock: change.clock })
    .where(eq(categories.id, change.categoryId))
    .run();
  if (updated.changes === 0) throw new NotFound("No such category");
  recomputeEscalationDeadlines(deps, [change.categoryId]);
}
