import { eq, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { users } from "@db/schema";
import { hasRole, type Actor } from "~/auth/permissions";
import type { SiteSettings } from "~/schemas/settings.server";
import type { Clock } from "~/utils/clock";
import { preparedQuery } from "~/utils/prepared-queries.server";
import { Forbidden, Invalid, RateLimited } from "./errors";
import { consumeHits, describeWait, refundHit, type Hit, type Limit } from "./rate-limit.server";
import { getSettings } from "./settings.server";

interface Deps {
  db: Db;
  clock: Clock;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every member, new or not, posts at most this often (a runaway script, a stuck key). */
export const POSTING_LIMITS = {
  thread: { max: 5, windowMs: 10 * MINUTE },
  reply: { max: 20, windowMs: 10 * MINUTE },
} satisfies Record<string, Limit>;

export type PostKind = keyof typeof POSTING_LIMITS;

/** How the anti-spam rules see one person at one moment. */
export interface SpamStanding {
  /** Staff, or a member with more reputation than `spamExemptReputation`: no posting limits. */
  exempt: boolean;
  /** When the account stops being new (young and under `spamNewAccountReputation`); null if it is not new. */
  newUntil: Date | null;
  settings: SiteSettings;
}

/** Reads the actor's age and reputation from the database, not the session, so a fresh vote counts at once. */
export function spamStanding(deps: Deps, actor: Actor): SpamStanding {
  const settings = getSettings(deps);
  const { db } = deps;
  // Prepared once: every post written asks (issue 14).
  const row = preparedQuery(db, "spamStanding", () =>
    db.select({ createdAt: users.createdAt, reputation: users.reputation, role: users.role }).from(users).where(eq(users.id, sql.placeholder("userId"))).prepare(),
  ).get({ userId: actor.id });
  if (!row) return { exempt: false, newUntil: null, settings };
  const exempt = hasRole({ ...actor, role: row.role }, "staff") || row.reputation > settings.spamExemptReputation;
  const grownAt = new Date(row.createdAt.getTime() + settings.spamNewAccountHours * HOUR);
  const isNew = !exempt && row.reputation < settings.spamNewAccountReputation && grownAt.getTime() > deps.clock.now().getTime();
  return { exempt, newUntil: isNew ? grownAt : null, settings };
}

/** Links in a rendered post: sanitized HTML has one `<a` per link, Markdown, autolink or raw HTML alike. */
export function countLinks(bodyHtml: string): number {
  return bodyHtml.match(/<a\s/gi)?.length ?? 0;
}

function hitsFor(actor: Actor, kind: PostKind, standing: SpamStanding): Hit[] {
  const hits: Hit[] = [{ key: `post:${kind}:${actor.id}`, limit: POSTING_LIMITS[kind] }];
  if (standing.newUntil) {
    const max = kind === "thread" ? standing.settings.spamNewAccountThreadsPerHour : standing.settings.spamNewAccountRepliesPerHour;
    hits.push({ key: `post:new-${kind}:${actor.id}`, limit: { max, windowMs: HOUR } });
  }
  return hits;
}

const REFUSED: Record<PostKind, string> = { thread: "start another thread", reply: "post another reply" };

/** A post let through the limits: `run` writes it, and gives its counted hits back if writing fails. */
export interface PostAdmission {
  standing: SpamStanding;
  /** How repeated words are judged for this actor (repeated-posts.server.ts). */
  repeatCheck: { acrossThreads: boolean; windowMs: number };
  run<T>(write: () => T): T;
}

/**
 * Lets one post through the anti-spam limits, or refuses it with when to try again. A new account
 * may put only so many links in a post (refused next to the body: the post can be fixed now),
 * then every limit that holds for the actor is counted atomically with consumeHits, so posts sent
 * together cannot all slip under a limit. Staff and trusted members pass untouched.
 */
export const UNVERIFIED_EMAIL_CANNOT_POST =
  "Please confirm your email address before posting: follow the link we mailed you, or send it again from the banner above.";

/** With the admin's `requireVerifiedEmailToPost` on, an account that has not confirmed its address cannot post. */
function refuseUnverifiedEmail(db: Db, actor: Actor): void {
  const row = db.select({ emailVerifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.id)).get();
  if (row && !row.emailVerifiedAt) throw new Forbidden(UNVERIFIED_EMAIL_CANNOT_POST);
}

export function admitPost(deps: Deps, actor: Actor, kind: PostKind, bodyHtml: string): PostAdmission {
  const standing = spamStanding(deps, actor);
  if (standing.settings.requireVerifiedEmailToPost) refuseUnverifiedEmail(deps.db, actor);
  const repeatCheck = { acrossThreads: !standing.exempt, windowMs: standing.settings.spamRepeatMinutes * MINUTE };
  if (standing.exempt) return { standing, repeatCheck, run: (write) => write() };
  const maxLinks = standing.settings.spamNewAccountLinksPerPost;
  if (standing.newUntil && countLinks(bodyHtml) > maxLinks) {
    const wait = describeWait(Math.ceil((standing.newUntil.getTime() - deps.clock.now().getTime()) / 1000));
    const allowed = maxLinks === 0 ? "no links" : maxLinks === 1 ? "at most 1 link" : `at most ${maxLinks} links`;
    throw new Invalid({ body: `New accounts may include ${allowed} in a post. Remove some, or post them in ${wait}.` });
  }
  const hits = hitsFor(actor, kind, standing);
  const admission = consumeHits(deps, hits);
  if (!admission.allowed) {
    const seconds = admission.retryAfterSeconds;
    const why = standing.newUntil ? "New accounts post a little at a time to keep spam out" : "You are posting very quickly";
    throw new RateLimited(`${why}. You can ${REFUSED[kind]} in ${describeWait(seconds)}.`, seconds);
  }
  return {
    standing,
    repeatCheck,
    run(write) {
      try {
        return write();
      } catch (error) {
        // Refused inside the write (a repeat, a thread locked meanwhile): not a post, not counted.
        for (const hit of hits) refundHit(deps, hit.key);
        throw error;
      }
    },
  };
}
