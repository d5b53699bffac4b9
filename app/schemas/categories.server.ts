import { z } from "zod";
import { CATEGORY_DESCRIPTION_MAX, CATEGORY_NAME_MAX } from "~/domain/categories";

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** A category's name, description and colour as the admin form sends them (blank colour: none). */
export const CategoryFieldsSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the category a name")
    .max(CATEGORY_NAME_MAX, `Keep the name under ${CATEGORY_NAME_MAX} characters`)
    .transform((name) => name.replace(/\s+/g, " ")),
  description: z.string().trim().max(CATEGORY_DESCRIPTION_MAX, `Keep the description under ${CATEGORY_DESCRIPTION_MAX} characters`).default(""),
  color: z
    .string()
    .trim()
    .default("")
    .refine((value) => value === "" || HEX_COLOUR.test(value), "Use a colour like #0a66c2, or leave it blank")
    .transform((value) => (value === "" ? null : value.toLowerCase())),
});
export type CategoryFields = z.infer<typeof CategoryFieldsSchema>;

export const CategoryIdSchema = z.coerce.number().int().positive();

/** Which of the category admin page's buttons was pressed. */
export const CategoryAdminIntentSchema = z.enum(["create", "update", "up", "down", "archive", "unarchive", "delete", "escalation"]);
