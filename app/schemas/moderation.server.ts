import { z } from "zod";
import { AUDIT_ACTIONS, FLAG_NOTE_MAX, FLAG_REASONS, MODERATION_REASON_MAX } from "~/domain/moderation";

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
      .nullish()
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

/** A calendar day (YYYY-MM-DD) read as its start in UTC; suspensions end then. */
export const DayStartSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-25")
  .transform((day) => new Date(`${day}T00:00:00Z`))
  .refine((date) => !Number.isNaN(date.getTime()), "Use a date like 2026-12-25");

/** The moderation queue's form: agree (hide or delete, maybe suspend the author) or disagree. */
export const ResolveFlagsSchema = z
  .object({
    postId: z.coerce.number().int().positive(),
    decision: z.enum(["agree", "disagree"]),
    outcome: z.enum(["hide", "delete"]).default("hide"),
    suspend: z.literal("on").optional(),
    until: z.string().optional(),
    suspendReason: z.string().optional(),
  })
  .superRefine((form, ctx) => {
    if (form.decision !== "agree" || !form.suspend) return;
    const until = DayStartSchema.safeParse(form.until ?? "");
    if (!until.success) ctx.addIssue({ code: "custom", path: ["until"], message: until.error.issues[0]?.message ?? "Pick a date" });
  })
  .transform((form) => ({
    postId: form.postId,
    decision: form.decision,
    outcome: form.outcome,
    suspend: form.decision === "agree" && form.suspend ? { until: DayStartSchema.parse(form.until), reason: form.suspendReason } : null,
  }));

/**
 * The suspension forms on a member's profile: suspend until a day with a reason they are shown
 * (field names match the service's field errors), or lift the suspension.
 */
export const SuspensionFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("suspend"), until: DayStartSchema, suspendReason: z.string().optional() }),
  z.object({ intent: z.literal("unsuspend") }),
]);
