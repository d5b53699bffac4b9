import { MarkdownSchema } from "~/schemas/threads.server";
import { renderMarkdown } from "./markdown.server";

/**
 * What a preview shows: the post as it will render, or, for text that could not be posted as it
 * stands (too long, nested too deeply), the reason, shown next to the field.
 */
export function previewMarkdown(body: string): { html: string | null; error: string | null } {
  const parsed = MarkdownSchema.safeParse(body);
  if (!parsed.success) return { html: null, error: parsed.error.issues[0]?.message ?? "This cannot be previewed." };
  return { html: renderMarkdown(parsed.data), error: null };
}
