import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { recordSuggestionOpened } from "~/services/ask-sessions.server";
import { safeThreadPath, threadIdOfPath } from "~/utils/ask-links";

// GET /api/v1/ask-sessions/:id/opened?to=/t/… — a suggestion on the ask page was opened; go to it.
// A plain link so it works without JavaScript; it goes to the thread whether or not it counts.
export function loader({ params, request, context }: LoaderFunctionArgs) {
  const to = safeThreadPath(new URL(request.url).searchParams.get("to"));
  recordSuggestionOpened(context.deps, {
    sessionId: params.id ?? "",
    threadId: threadIdOfPath(to),
    userId: context.user?.id ?? null,
    clientIp: context.clientIp,
  });
  return redirect(to, { headers: { "Cache-Control": "no-store" } });
}
