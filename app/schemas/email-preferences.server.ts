import { z } from "zod";
import { MAIL_DELIVERIES } from "~/domain/member-mail";

const checkbox = z.enum(["on"]).optional().transform((value) => value === "on");

/** The /account email section: a checkbox per kind (absent when unticked) and how mail is delivered. */
export const EmailPreferencesSchema = z.object({
  answer: checkbox,
  accepted: checkbox,
  staff_answer: checkbox,
  delivery: z.enum(MAIL_DELIVERIES, { message: "Choose one email for each event or one daily digest" }),
});
