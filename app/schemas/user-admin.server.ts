import { z } from "zod";
import { ROLES } from "~/domain/roles";

/** The users list's query string: a search (name, handle or email) and a page; bad values fall back. */
export const UserSearchQuerySchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export const RoleChangeFormSchema = z.object({
  userId: z.string().min(1).max(100),
  role: z.enum(ROLES, { error: "Pick a role from the list" }),
});
