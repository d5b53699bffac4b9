import type { LoaderFunctionArgs } from "@remix-run/node";
import { SearchApiQuerySchema } from "~/schemas/search.server";
import { searchApiBody, searchForApi } from "~/services/search.server";
import { getSettings } from "~/services/settings.server";
import { corsHeaders } from "~/utils/cors.server";
import { fieldErrors } from "~/utils/forms";

// GET /api/v1/search?q=&category=&kind=&solved=&limit= — for a brand's own code, CORS for the widget's origins
// only. The widget itself does not call it: its search as you type fetches the /embed page.
// Guests' repeated queries are answered before Remix, from app/utils/search-api-cache.server.ts.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const cors = corsHeaders(request, getSettings(context.deps).widgetOrigins);
  // Remix routes OPTIONS to the loader (only POST, PUT, PATCH and DELETE reach an action).
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: cors });
  const headers = { ...cors, "Cache-Control": "no-store" };
  const parsed = SearchApiQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "invalid_query", fields: fieldErrors(parsed.error) }, { status: 400, headers });
  const found = await searchForApi(context.deps, parsed.data);
  if (!found.ok) return Response.json({ error: "search_unavailable" }, { status: 503, headers: { ...headers, "Retry-After": "30" } });
  return Response.json(searchApiBody(parsed.data, found.result, context.deps.env.PUBLIC_URL), { headers });
}

export function action() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "GET, OPTIONS" } });
}
