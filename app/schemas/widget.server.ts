import { z } from "zod";
import { WIDGET_EVENTS } from "~/domain/insights";
import { EMBED_TEXT, type EmbedTextKey } from "~/domain/widget";

/**
 * An origin a brand's pages are served from: exactly scheme://host[:port], http(s) only. Typed
 * input is forgiven a trailing slash and upper case; anything with a path, query or credentials
 * is refused, because browsers compare origins exactly (frame-ancestors, CORS, postMessage).
 */
export const WidgetOriginSchema = z
  .string()
  .trim()
  .transform((value) => value.replace(/\/$/, "").toLowerCase())
  .refine(isExactOrigin, {
    error: (issue) => `"${String(issue.input)}" is not an origin like https://www.brand.com (no path, http or https).`,
  });

export const WidgetOriginsSchema = z
  .array(WidgetOriginSchema)
  .max(50, "List at most 50 origins.")
  .transform((origins) => [...new Set(origins)]);

function isExactOrigin(value: string): boolean {
  if (!/^https?:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/.test(value)) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const shortText = optional(z.string().trim().min(1).max(80));

/**
 * What the loader tells the embed through its URL. Every field is optional and a bad value is
 * dropped (the loader already warned the brand), so a tampered URL only loses options.
 */
export const EmbedConfigSchema = z.object({
  o: optional(WidgetOriginSchema),
  c: optional(z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/)),
  t: shortText,
  k: optional(z.string().regex(/^#[0-9a-fA-F]{6}$/)),
  hl: optional(z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/)),
  ...(Object.fromEntries(Object.keys(EMBED_TEXT).map((key) => [`l_${key}`, shortText])) as Record<
    `l_${EmbedTextKey}`,
    typeof shortText
  >),
});
export type EmbedConfig = z.infer<typeof EmbedConfigSchema>;

export const WidgetEventSchema = z.object({
  origin: WidgetOriginSchema,
  event: z.enum(WIDGET_EVENTS),
});

/** The admin widget page's snippet options, from its URL; a bad value is dropped. */
export const WidgetSnippetQuerySchema = z.object({
  category: z.string().regex(/^[a-z0-9-]+$/).optional().catch(undefined),
  title: z.string().trim().min(1).max(80).optional().catch(undefined),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional().catch(undefined),
  position: z.enum(["right", "left"]).optional().catch(undefined),
});

/** The widget's search box, from its URL. A long query is cut at 200 characters, like everywhere else, never refused. */
export const EmbedSearchQuerySchema = z.object({ q: z.string().trim().catch("").default("") });
