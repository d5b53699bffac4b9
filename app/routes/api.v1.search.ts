import type { LoaderFunctionArgs } from "@remix-run/node";
import { highlightToHtml, stripHighlight } from "~/components/highlighted";
import { SearchApiQuerySchema } from "~/schemas/search.server";
import { searchForApi } from "~/services/search.server";
import { getSettings } from "~/services/settings.server";
import { corsHeaders } from "~/utils/cors.server";
import { fieldErrors } from "~/utils/forms";
import { threadPagePath } from "~/utils/post-paths";

// GET /api/v1/search?q=&category=&kind=&solved=&limit= — for a brand's own code, CORS for the widget's origins
// only. The widget itself does not call it: its search as you type fetches the /embed page.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const cors = corsHeaders(request, getSettings(context.deps).widgetOrigins);
  // Remix routes OPTIONS to the loader (only POST, PUT, PATCH and DELETE reach an action).
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: cors });
  const headers = { ...cors, "Cache-Control": "no-store" };
  const parsed = SearchApiQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "invalid_query", fields: fieldErrors(parsed.error) }, { status: 400, headers });
  const found = await searchForApi(context.deps, parsed.data);
  if (!found.ok) return Response.json({ error: "search_unavailable" }, { status: 503, headers: { ...headers, "Retry-After": "30" } });
  const base = context.deps.env.PUBLIC_URL;
  return Response.json(
    {
      query: parsed.data.q,
      total: found.result.total,
      matched: found.result.matched,
      ...(found.result.correctedQuery ? { correctedQuery: found.result.correctedQuery } : {}),
      results: found.result.hits.map((hit) => ({
        id: hit.id,
        title: hit.title,
        titleHtml: highlightToHtml(hit.titleMarked),
        snippet: stripHighlight(hit.snippet),
        snippetHtml: highlightToHtml(hit.snippet),
        url: `${base}${threadPagePath(hit)}`,
        category: hit.category,
        kind: hit.kind,
        solved: hit.solved,
        hasStaffAnswer: hit.hasStaffAnswer,
        votes: hit.votes,
      })),
    },
    { headers },
  );
}

export function action() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "GET, OPTIONS" } });
}
