import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { recordSuggestionOpened } from "~/services/ask-sessions.server";
import { safeThreadPath } from "~/utils/ask-links";

// GET /api/v1/ask-sessions/:id/opened?to=/t/… — a suggestion on the ask page was opened; go to it.
export function loader({ params, request, context }: LoaderFunctionArgs) {
  recordSuggestionOpened(context.deps, params.id ?? "", context.user?.id ?? null);
  return redirect(safeThreadPath(new URL(request.url).searchParams.get("to")), { headers: { "Cache-Control": "no-store" } });
}
