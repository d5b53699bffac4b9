import { eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { categories } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import type { SiteSettings } from "~/schemas/settings.server";
import type { Clock } from "~/utils/clock";
import { recordAudit } from "./audit-log.server";
import { Forbidden, NotFound } from "./errors";
import { recomputeEscalationDeadlines } from "./escalation.server";
import { getSettings, updateSettings } from "./settings.server";

const DEADLINE_KEYS: (keyof SiteSettings)[] = ["defaultEscalationMinutes", "timezone", "businessHours", "holidays"];

function requireAdmin(actor: Actor) {
  if (!can(actor, "editSettings")) throw new Forbidden("Only admins can change settings.");
}

/**
 * Saves site settings (admins only), with one audit entry naming the keys that changed. When the
 * default window or the business calendar changes, threads still waiting get their deadline
 * recomputed under the new rules.
 */
export function saveSiteSettings(deps: { db: Db; clock: Clock }, actor: Actor, changes: Partial<SiteSettings>): SiteSettings {
  requireAdmin(actor);
  const before = getSettings(deps);
  const saved = transaction(deps.db, (tx) => {
    const after = updateSettings({ db: tx, clock: deps.clock }, changes);
    const changed = (Object.keys(changes) as (keyof SiteSettings)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
    if (changed.length) recordAudit(tx, deps.clock, { actorId: actor.id, action: "settings.update", details: { changed } });
    return after;
  });
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
  transaction(deps.db, (tx) => {
    const updated = tx
      .update(categories)
      .set({ escalateAfterMinutes: change.minutes, escalationEnabled: change.enabled, escalationClock: change.clock })
      .where(eq(categories.id, change.categoryId))
      .run();
    if (updated.changes === 0) throw new NotFound("No such category");
    recordAudit(tx, deps.clock, { actorId: actor.id, action: "settings.update", details: { changed: ["category escalation"], ...change } });
  });
  recomputeEscalationDeadlines(deps, [change.categoryId]);
}
