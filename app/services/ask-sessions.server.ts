import { randomUUID } from "node:crypto";
import { and, eq, gte, isNotNull, isNull, lt, or } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { askSessions, askSuggestions } from "@db/schema";
import type { Clock } from "~/utils/clock";
import { recordHit, remainingHits, type Limit } from "./rate-limit.server";

interface Deps {
  db: Db;
  clock: Clock;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isAskSessionId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * Openings counted per address: far above what people opening suggestions do, far below what it
 * would take to move the figure by script.
 */
export const OPENINGS_LIMIT: Limit = { max: 30, windowMs: 10 * 60_000 };

/**
 * The ask session of this visit to the ask page: the one named in the URL (a "Check for similar
 * questions" reload) when it was issued to this member and they have not posted in it yet,
 * otherwise a new one. Only sessions issued here ever count, and only for the member they were
 * issued to, whose session cookie (SameSite=Lax) a cross-site image or script never carries.
 */
export function issueAskSession({ db, clock }: Deps, { requested, userId }: { requested: string | null; userId: string }): string {
  if (isAskSessionId(requested)) {
    const mine = db
      .select({ id: askSessions.id })
      .from(askSessions)
      .where(and(eq(askSessions.id, requested), eq(askSessions.userId, userId), isNull(askSessions.postedThreadId)))
      .get();
    if (mine) return mine.id;
  }
  const id = randomUUID();
  db.insert(askSessions).values({ id, userId, startedAt: clock.now() }).run();
  return id;
}

/**
 * Suggestions were shown in an ask session: they are remembered (an opening counts only for one
 * of them) and the visit counts in the deflection figure. False, with nothing recorded, when the
 * session was not issued to this member.
 */
export function recordSuggestionsShown(
  { db, clock }: Deps,
  { sessionId, userId, threadIds }: { sessionId: string; userId: string | null; threadIds: number[] },
): boolean {
  if (!userId || !isAskSessionId(sessionId)) return false;
  return transaction(db, (tx) => {
    const issued = tx
      .select({ id: askSessions.id })
      .from(askSessions)
      .where(and(eq(askSessions.id, sessionId), eq(askSessions.userId, userId)))
      .get();
    if (!issued) return false;
    const now = clock.now();
    tx.update(askSessions)
      .set({ suggestedAt: now })
      .where(and(eq(askSessions.id, sessionId), isNull(askSessions.suggestedAt)))
      .run();
    if (threadIds.length) {
      tx.insert(askSuggestions)
        .values(threadIds.map((threadId) => ({ sessionId, threadId, shownAt: now })))
        .onConflictDoNothing()
        .run();
    }
    return true;
  });
}

/**
 * The member opened a suggested thread. It counts only when the session was issued to them, the
 * thread was suggested in it and not opened before, and their address is within OPENINGS_LIMIT;
 * the session's first counted opening marks the visit as having opened a suggestion. Returns
 * whether it counted (the caller goes to the thread either way).
 */
export function recordSuggestionOpened(
  { db, clock }: Deps,
  { sessionId, threadId, userId, clientIp }: { sessionId: string; threadId: number | null; userId: string | null; clientIp: string },
): boolean {
  if (!userId || !isAskSessionId(sessionId) || threadId === null) return false;
  return transaction(db, (tx) => {
    const suggestion = and(eq(askSuggestions.sessionId, sessionId), eq(askSuggestions.threadId, threadId));
    const shown = tx
      .select({ openedAt: askSuggestions.openedAt })
      .from(askSuggestions)
      .innerJoin(askSessions, eq(askSessions.id, askSuggestions.sessionId))
      .where(and(suggestion, eq(askSessions.userId, userId)))
      .get();
    if (!shown || shown.openedAt) return false;
    const limitKey = `ask-openings:${clientIp}`;
    if (remainingHits({ db: tx, clock }, limitKey, OPENINGS_LIMIT) === 0) return false;
    recordHit({ db: tx, clock }, limitKey, OPENINGS_LIMIT);
    const now = clock.now();
    tx.update(askSuggestions).set({ openedAt: now }).where(suggestion).run();
    tx.update(askSessions)
      .set({ openedSuggestionAt: now })
      .where(and(eq(askSessions.id, sessionId), isNull(askSessions.openedSuggestionAt)))
      .run();
    return true;
  });
}

/**
 * The member posted after all: the ask route calls this right after createThread, so the visit
 * no longer counts as deflected. Only a session issued to them, and only its first thread.
 */
export function markAskSessionPosted({ db }: Deps, { askSessionId, threadId, userId }: { askSessionId: unknown; threadId: number; userId: string }): void {
  if (!isAskSessionId(askSessionId)) return;
  db.update(askSessions)
    .set({ postedThreadId: threadId })
    .where(and(eq(askSessions.id, askSessionId), eq(askSessions.userId, userId), isNull(askSessions.postedThreadId)))
    .run();
}

/** Sessions issued to ask pages that were left before anything was suggested or posted: not visits, not kept. */
export function pruneUnusedAskSessions({ db, clock }: Deps): void {
  const cutoff = new Date(clock.now().getTime() - 24 * 60 * 60_000);
  db.delete(askSessions)
    .where(and(lt(askSessions.startedAt, cutoff), isNull(askSessions.suggestedAt), isNull(askSessions.postedThreadId)))
    .run();
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
 * Deflection per week, newest first: ask visits (sessions where suggestions were shown or a
 * question was posted) where the customer opened a suggested thread and did not post. Weeks
 * without visits are listed with zeros.
 */
export function weeklyDeflection({ db, clock }: Deps, weeks = 8): DeflectionWeek[] {
  const thisWeek = mondayOf(clock.now().getTime());
  const from = thisWeek - (weeks - 1) * WEEK;
  const rows = db
    .select({ startedAt: askSessions.startedAt, opened: askSessions.openedSuggestionAt, posted: askSessions.postedThreadId })
    .from(askSessions)
    .where(
      and(gte(askSessions.startedAt, new Date(from)), or(isNotNull(askSessions.suggestedAt), isNotNull(askSessions.postedThreadId))),
    )
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
