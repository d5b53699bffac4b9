import { z } from "zod";
import { SEARCH_SORTS } from "~/domain/search";
import { THREAD_KINDS } from "~/domain/threads";

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/);

/** The /search page's URL: anything odd is dropped rather than refused, so a shared link always works. */
export const SearchPageQuerySchema = z.object({
  q: z.string().catch("").default(""),
  category: lenient(slug),
  kind: lenient(z.enum(THREAD_KINDS)),
  solved: lenient(z.enum(["1", "on", "true"]).transform(() => true)),
  sort: z.enum(SEARCH_SORTS).catch("relevance").default("relevance"),
  page: z.coerce.number().int().min(1).max(50).catch(1).default(1),
  /** Sent by the page while the person types: the last word then matches as a prefix. */
  typing: lenient(z.literal("1").transform(() => true)),
});
export type SearchPageQuery = z.infer<typeof SearchPageQuerySchema>;

/** The JSON API's query: strict, so a widget author learns about a mistake from a 400. */
export const SearchApiQuerySchema = z.object({
  // Like every search box, a long query is cut (at 200 characters, by the search service), not refused.
  q: z.string().default(""),
  category: slug.optional(),
  kind: z.enum(THREAD_KINDS).optional(),
  solved: z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1").optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchApiQuery = z.infer<typeof SearchApiQuerySchema>;

export const SimilarQuerySchema = z.object({
  title: z.string().catch("").default(""),
  askSession: z.uuid().optional().catch(undefined),
});
