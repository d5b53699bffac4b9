import { z } from "zod";
import { WEEKDAYS } from "~/domain/opening-hours";

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const optionalTime = z.string().trim().refine((value) => value === "" || HH_MM.test(value), "Use a time like 09:00");

/** The weekly hours form: `open_1`/`close_1` … `open_7`/`close_7`, both blank for a closed day, and holidays one per line. */
export const OpeningHoursFormSchema = z
  .object(
    Object.fromEntries(WEEKDAYS.flatMap(([day]) => [[`open_${day}`, optionalTime.default("")], [`close_${day}`, optionalTime.default("")]])) as Record<
      string,
      z.ZodDefault<typeof optionalTime>
    >,
  )
  .extend({ holidays: z.string().default("") })
  .superRefine((form, ctx) => {
    for (const [day] of WEEKDAYS) {
      const open = form[`open_${day}`] ?? "";
      const close = form[`close_${day}`] ?? "";
      if ((open === "") !== (close === "")) ctx.addIssue({ code: "custom", path: [`close_${day}`], message: "Give both times, or neither for a closed day" });
      else if (open && open >= close) ctx.addIssue({ code: "custom", path: [`close_${day}`], message: "Closing must come after opening" });
    }
    for (const line of (form.holidays ?? "").split(/\s+/).filter(Boolean)) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(line) || Number.isNaN(Date.parse(line))) {
        ctx.addIssue({ code: "custom", path: ["holidays"], message: `“${line}” is not a date like 2026-12-25` });
      }
    }
  })
  .transform((form) => ({
    businessHours: WEEKDAYS.flatMap(([day]) =>
      form[`open_${day}`] ? [{ day, open: form[`open_${day}`]!, close: form[`close_${day}`]! }] : [],
    ),
    holidays: [...new Set((form.holidays ?? "").split(/\s+/).filter(Boolean))].sort(),
  }));

/** One category's escalation: a window in minutes (blank: the site default), on or off, and which clock counts. */
export const CategoryEscalationFormSchema = z.object({
  categoryId: z.coerce.number().int().positive(),
  minutes: z
    .string()
    .trim()
    .default("")
    .refine((value) => value === "" || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 20160), "Use 1 to 20160 minutes, or leave blank for the site default")
    .transform((value) => (value === "" ? null : Number(value))),
  enabled: z
    .string()
    .optional()
    .transform((value) => value === "on"),
  clock: z.enum(["calendar", "business"]),
});

const MAX_SYNONYM_LINES = 200;

/**
 * The search synonyms form: one group per line, members separated by commas ("wifi, wi-fi, wireless").
 * Members are compared ignoring case; a line needs two different members to mean anything.
 */
export const SearchSynonymsFormSchema = z
  .object({ searchSynonyms: z.string().max(20_000, "Keep the list under 20,000 characters").default("") })
  .transform((form, ctx) => {
    const lines = form.searchSynonyms.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    if (lines.length > MAX_SYNONYM_LINES) {
      ctx.addIssue({ code: "custom", path: ["searchSynonyms"], message: `At most ${MAX_SYNONYM_LINES} groups` });
      return z.NEVER;
    }
    const groups: string[][] = [];
    for (const [index, line] of lines.entries()) {
      const members = [...new Set(line.split(",").map((member) => member.trim().toLowerCase()).filter(Boolean))];
      const problem =
        members.length < 2 ? "give at least two different words or phrases, separated by commas"
        : members.length > 20 ? "at most 20 words or phrases in one group"
        : members.some((member) => member.length > 60) ? "keep each word or phrase under 60 characters"
        : null;
      if (problem) {
        ctx.addIssue({ code: "custom", path: ["searchSynonyms"], message: `Line ${index + 1} (“${line.slice(0, 40)}”): ${problem}` });
        return z.NEVER;
      }
      groups.push(members);
    }
    return { searchSynonyms: groups };
  });

/** Which of the settings page's forms was sent. */
export const AdminSettingsIntentSchema = z.enum(["escalation", "hours", "category", "moderation", "antispam", "search"]);
