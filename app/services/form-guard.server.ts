import type { Db } from "@db/client.server";
import type { Actor } from "~/auth/permissions";
import type { Clock } from "~/utils/clock";
import { Invalid, RateLimited } from "./errors";
import { spamStanding } from "./anti-spam.server";
import { getSettings } from "./settings.server";
import { hasServerSignature, signWithServerSecret } from "./server-secret.server";

interface Deps {
  db: Db;
  clock: Clock;
}

/** The forms that carry a robot check; a stamp issued for one is refused by the other. */
export type GuardedForm = "sign-up" | "ask";

/** A form opened longer ago than this is sent again with a new stamp (a stamp is not a permanent pass). */
export const FORM_STAMP_MAX_AGE_MS = 24 * 60 * 60_000;

function sign(db: Db, form: GuardedForm, issuedAt: number): string {
  return signWithServerSecret(db, `${form}:${issuedAt}`);
}

/** When the form was opened, signed, for a hidden field: the server alone can write one. */
export function issueFormStamp({ db, clock }: Deps, form: GuardedForm): string {
  const issuedAt = clock.now().getTime();
  return `${issuedAt}.${sign(db, form, issuedAt)}`;
}

/** The time a stamp was issued, or null for anything the server did not sign for this form. */
function readStamp(db: Db, form: GuardedForm, stamp: unknown): number | null {
  if (typeof stamp !== "string") return null;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
  if (!match) return null;
  const issuedAt = Number(match[1]);
  return hasServerSignature(db, `${form}:${issuedAt}`, match[2]!) ? issuedAt : null;
}

/** The stamp a refused form goes back with: its own while still good (the wait keeps counting), else a new one. */
export function renewFormStamp(deps: Deps, form: GuardedForm, stamp: unknown): string {
  const issuedAt = readStamp(deps.db, form, stamp);
  const fresh = issuedAt !== null && deps.clock.now().getTime() - issuedAt < FORM_STAMP_MAX_AGE_MS;
  return fresh ? (stamp as string) : issueFormStamp(deps, form);
}

/**
 * Refuses a sign-up or ask form that a robot sent: one with its hidden field filled in, without a
 * stamp this server signed for this form, opened a day ago or more, or sent sooner than
 * `spamMinFillSeconds` after it was opened (429 saying when it may be sent). Staff and trusted
 * members are not timed. Nothing is stored either way: the caller runs this before writing.
 */
export function checkFormStart(deps: Deps, form: GuardedForm, fields: { stamp: unknown; honeypot: unknown; actor?: Actor | null }): void {
  if (typeof fields.honeypot === "string" && fields.honeypot.trim() !== "") {
    throw new Invalid({ form: "This form was refused because its hidden “Leave this field empty” field was filled in, as spam robots do. Clear it and send the form again." });
  }
  const issuedAt = readStamp(deps.db, form, fields.stamp);
  if (issuedAt === null) throw new Invalid({ form: "This form could not be checked (it did not come from this page). Send it again from here." });
  const elapsed = deps.clock.now().getTime() - issuedAt;
  if (elapsed >= FORM_STAMP_MAX_AGE_MS) throw new Invalid({ form: "This form was opened more than a day ago. Check it and send it again." });
  if (fields.actor && spamStanding(deps, fields.actor).exempt) return;
  const minimum = getSettings(deps).spamMinFillSeconds * 1000;
  if (elapsed < minimum) {
    const seconds = Math.max(1, Math.ceil((minimum - elapsed) / 1000));
    throw new RateLimited(`That was sent faster than a person fills in this form. Check it, then send it again in ${seconds} second${seconds === 1 ? "" : "s"}.`, seconds);
  }
}
