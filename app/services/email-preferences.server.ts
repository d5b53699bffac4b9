import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { users } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import type { EmailPreferences } from "~/domain/member-mail";
import { EmailPreferencesSchema } from "~/schemas/email-preferences.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { Forbidden, Invalid, NotFound } from "./errors";

interface Deps {
  db: Db;
  clock: Clock;
}

const preferenceColumns = {
  answer: users.emailOnAnswer,
  accepted: users.emailOnAccepted,
  staff_answer: users.emailOnStaffAnswer,
  delivery: users.emailDelivery,
};

/** A member's own email settings (every kind on, mailed as it happens, unless they changed it). */
export function getEmailPreferences({ db }: { db: Db }, actor: Actor | null): EmailPreferences {
  if (!actor) throw new Forbidden("Sign in first.");
  const row = db.select(preferenceColumns).from(users).where(eq(users.id, actor.id)).get();
  if (!row) throw new NotFound("No such member");
  return row;
}

/**
 * Saves a member's own email settings from the /account form. Moving to the daily digest starts it
 * from now, so events already mailed one by one are not mailed again in the first digest.
 */
export function saveEmailPreferences(deps: Deps, actor: Actor | null, input: Record<string, unknown>): EmailPreferences {
  if (!actor) throw new Forbidden("Sign in first.");
  const parsed = EmailPreferencesSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const before = getEmailPreferences(deps, actor);
  const next = parsed.data;
  deps.db
    .update(users)
    .set({
      emailOnAnswer: next.answer,
      emailOnAccepted: next.accepted,
      emailOnStaffAnswer: next.staff_answer,
      emailDelivery: next.delivery,
      ...(before.delivery !== "daily" && next.delivery === "daily" ? { lastDigestAt: deps.clock.now() } : {}),
    })
    .where(eq(users.id, actor.id))
    .run();
  return next;
}
