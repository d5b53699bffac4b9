import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { BODY_MAX } from "~/schemas/threads";
import { formToObject, readForm } from "~/utils/forms";
import { renderMarkdown } from "~/utils/markdown.server";

const PreviewSchema = z.object({ body: z.string().max(BODY_MAX) });

// The live preview of the Markdown editor: the same renderer and sanitizer as a saved post.
export async function action({ request }: ActionFunctionArgs) {
  const parsed = PreviewSchema.safeParse(formToObject(await readForm(request)));
  if (!parsed.success) return data({ html: "", error: "Too long to preview." }, { status: 400 });
  return { html: renderMarkdown(parsed.data.body), error: null };
}
