import { z } from "zod";
import { AUDIT_ACTIONS, FLAG_REASONS } from "~/domain/moderation";

export const FLAG_NOTE_MAX = 500;
export const MODERATION_REASON_MAX = 500;

const handle = z
  .string()
  .trim()
  .transform((value) => value.replace(/^@/, ""))
  .pipe(z.string().max(40))
  .optional()
  .catch(undefined)
  .transform((value) => value || undefined);
const optionalId = z.coerce.number().int().positive().optional().catch(undefined);

/** `/staff/log`'s GET filters; anything malformed is dropped rather than refused. */
export const AuditLogQuerySchema = z.object({
  actor: handle,
  target: handle,
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  thread: optionalId,
  post: optionalId,
  before: optionalId,
});

/** A flag: a reason from the fixed list, and a note (required for "other"). */
export const FlagInputSchema = z
  .object({
    reason: z.enum(FLAG_REASONS, { message: "Pick a reason" }),
    note: z
      .string()
      .trim()
      .max(FLAG_NOTE_MAX, `Keep the note under ${FLAG_NOTE_MAX} characters`)
      .optional()
      .transform((value) => value || null),
  })
  .refine((flag) => flag.reason !== "other" || flag.note, { message: "Say what is wrong with this post", path: ["note"] });
export type FlagInput = z.infer<typeof FlagInputSchema>;

/** The reason a moderator gives for an act that members see (a lock, a suspension). */
export const ModerationReasonSchema = z
  .string()
  .trim()
  .min(3, "Give a reason")
  .max(MODERATION_REASON_MAX, `Keep the reason under ${MODERATION_REASON_MAX} characters`);
