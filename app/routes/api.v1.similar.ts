import type { LoaderFunctionArgs } from "@remix-run/node";
import { SimilarQuerySchema } from "~/schemas/search.server";
import { suggestSimilarThreads } from "~/services/search.server";

// GET /api/v1/similar?title=&askSession= — what the ask page shows as the customer types a title.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { title, askSession } = SimilarQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const threads = await suggestSimilarThreads(context.deps, { title, askSessionId: askSession, userId: context.user?.id });
  return Response.json({ threads }, { headers: { "Cache-Control": "no-store" } });
}
