import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@db/client.server";
import type { ServiceLevels } from "~/domain/insights";
import type { Clock } from "~/utils/clock";

const DAY_MS = 24 * 60 * 60_000;
export const SERVICE_LEVEL_PERIODS = [7, 30] as const;


// SQLite has no MEDIAN(): take the middle row (or the mean of the middle two) of the sorted values.
function median(db: Db, values: SQL): number | null {
  const row = db.get<{ median: number | null }>(sql`
    WITH v(x) AS (${values})
    SELECT AVG(x) AS median FROM (
      SELECT x FROM v WHERE x IS NOT NULL ORDER BY x
      LIMIT 2 - (SELECT COUNT(*) FROM v WHERE x IS NOT NULL) % 2
      OFFSET ((SELECT COUNT(*) FROM v WHERE x IS NOT NULL) - 1) / 2
    )`);
  return row?.median ?? null;
}

function levelsSince(db: Db, days: number, since: number): ServiceLevels {
  const counts = db.get<{ asked: number; peer: number | null; escalated: number }>(sql`
    SELECT
      COUNT(*) AS asked,
      SUM(first_response_at IS NOT NULL AND first_response_by_staff = 0 AND escalated_at IS NULL) AS peer,
      (SELECT COUNT(*) FROM threads WHERE escalated_at >= ${since}) AS escalated
    FROM threads WHERE created_at >= ${since} AND hidden = 0`)!;
  return {
    days,
    asked: counts.asked,
    medianFirstResponseMs: median(
      db,
      sql`SELECT first_response_at - created_at FROM threads WHERE created_at >= ${since} AND hidden = 0`,
    ),
    peerAnsweredShare: counts.asked ? (counts.peer ?? 0) / counts.asked : null,
    escalated: counts.escalated,
    medianEscalationToStaffMs: median(
      db,
      sql`SELECT (
            SELECT MIN(p.created_at) FROM posts p
            WHERE p.thread_id = t.id AND p.position > 1 AND p.deleted_at IS NULL
              AND p.author_role IN ('staff', 'moderator', 'admin') AND p.created_at >= t.escalated_at
          ) - t.escalated_at
          FROM threads t WHERE t.escalated_at >= ${since}`,
    ),
  };
}

/**
 * The support team's figures over the last 7 and 30 days, computed by SQL aggregates (medians
 * included) rather than by loading threads.
 */
export function getServiceLevels({ db, clock }: { db: Db; clock: Clock }): ServiceLevels[] {
  const now = clock.now().getTime();
  return SERVICE_LEVEL_PERIODS.map((days) => levelsSince(db, days, now - days * DAY_MS));
}
