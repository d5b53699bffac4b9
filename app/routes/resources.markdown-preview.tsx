import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { formToObject, readForm } from "~/utils/forms";
import { previewMarkdown } from "~/utils/markdown-preview.server";

const PreviewSchema = z.object({ body: z.string() });

// The live preview of the Markdown editor: the same renderer and sanitizer as a saved post, and
// the same refusal (too long, nested too deeply) as posting it would meet.
export async function action({ request }: ActionFunctionArgs) {
  const parsed = PreviewSchema.safeParse(formToObject(await readForm(request)));
  if (!parsed.success) return Response.json({ html: "", error: "Too long to preview." }, { status: 400 });
  const { html, error } = previewMarkdown(parsed.data.body);
  return Response.json({ html: html ?? "", error }, { status: error ? 400 : 200 });
}
