import { z } from "zod";

/** A route's `:id` (or a form's `id` field): a positive whole number, else a 400 from the caller's parse. */
export const IdParamsSchema = z.object({ id: z.coerce.number().int().positive() });
