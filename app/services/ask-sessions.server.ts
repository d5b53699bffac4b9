import { randomUUID } from "node:crypto";
import { and, eq, gte, isNull } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { askSessions } from "@db/schema";
import type { Clock } from "~/utils/clock";

interface Deps {
  db: Db;
  clock: Clock;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isAskSessionId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** The id of a visit to the ask page: the one in the URL (a "Check for similar questions" reload) or a new one. */
export function resolveAskSessionId(fromUrl: string | null): string {
  return isAskSessionId(fromUrl) ? fromUrl : randomUUID();
}

/** The row for one visit to the ask page, created the first time anything happens in it. */
function ensureSession(db: Db, clock: Clock, id: string, userId: string | null): void {
  db.insert(askSessions).values({ id, userId, startedAt: clock.now() }).onConflictDoNothing().run();
}

/** Suggestions were shown during this ask visit: from now on it counts in the deflection figure. */
export function recordSuggestionsShown({ db, clock }: Deps, id: string, userId: string | null): void {
  if (isAskSessionId(id)) ensureSession(db, clock, id, userId);
}

/** The customer opened a suggested thread; the first opening is the one that counts. */
export function recordSuggestionOpened({ db, clock }: Deps, id: string, userId: string | null): void {
  if (!isAskSessionId(id)) return;
  db.transaction((tx) => {
    ensureSession(tx as unknown as Db, clock, id, userId);
    tx.update(askSessions)
      .set({ openedSuggestionAt: clock.now() })
      .where(and(eq(askSessions.id, id), isNull(askSessions.openedSuggestionAt)))
      .run();
  });
}

/**
 * The customer posted after all: the ask route calls this right after createThread, so the visit
 * no longer counts as deflected. Only the first thread of a visit is kept.
 */
export function markAskSessionPosted({ db, clock }: Deps, { askSessionId, threadId, userId }: { askSessionId: unknown; threadId: number; userId: string }): void {
  if (!isAskSessionId(askSessionId)) return;
  db.transaction((tx) => {
    ensureSession(tx as unknown as Db, clock, askSessionId, userId);
    tx.update(askSessions)
      .set({ postedThreadId: threadId })
      .where(and(eq(askSessions.id, askSessionId), isNull(askSessions.postedThreadId)))
      .run();
  });
}

export interface DeflectionWeek {
  /** Monday (UTC) that starts the week, YYYY-MM-DD. */
  weekStart: string;
  visits: number;
  opened: number;
  deflected: number;
  /** deflected / visits, 0 when there were no visits. */
  rate: number;
}

const WEEK = 7 * 24 * 60 * 60_000;

function mondayOf(time: number): number {
  const day = new Date(time);
  day.setUTCHours(0, 0, 0, 0);
  return day.getTime() - ((day.getUTCDay() + 6) % 7) * 24 * 60 * 60_000;
}

/**
 * Deflection per week, newest first: ask visits where the customer opened a suggested thread and
 * did not post. Weeks without visits are listed with zeros.
 */
export function weeklyDeflection({ db, clock }: Deps, weeks = 8): DeflectionWeek[] {
  const thisWeek = mondayOf(clock.now().getTime());
  const from = thisWeek - (weeks - 1) * WEEK;
  const rows = db
    .select({ startedAt: askSessions.startedAt, opened: askSessions.openedSuggestionAt, posted: askSessions.postedThreadId })
    .from(askSessions)
    .where(gte(askSessions.startedAt, new Date(from)))
    .all();
  const result = Array.from({ length: weeks }, (_, i) => ({
    weekStart: new Date(thisWeek - i * WEEK).toISOString().slice(0, 10),
    visits: 0,
    opened: 0,
    deflected: 0,
    rate: 0,
  }));
  for (const row of rows) {
    const week = result[Math.round((thisWeek - mondayOf(row.startedAt.getTime())) / WEEK)];
    if (!week) continue;
    week.visits += 1;
    if (row.opened) week.opened += 1;
    if (row.opened && row.posted === null) week.deflected += 1;
  }
  for (const week of result) week.rate = week.visits ? week.deflected / week.visits : 0;
  return result;
}
