import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSettings } from "~/services/settings.server";

// GET /api/v1/widget-origin — asked by widget.js before it draws anything: may the widget show on
// the page's origin? The browser's Origin header, which no script can set, is what is judged. The
// answer is readable everywhere (the list is no secret: /embed's frame-ancestors names it), so a
// page that is not allowed learns why and the loader can say so instead of drawing a dead button.
export function loader({ request, context }: LoaderFunctionArgs) {
  const origin = request.headers.get("Origin")?.toLowerCase();
  const allowed = !!origin && getSettings(context.deps).widgetOrigins.includes(origin);
  return Response.json(
    { allowed },
    {
      headers: {
        "Access-Control-Allow-Origin": "*",
        Vary: "Origin",
        // A yes is kept as long as /widget.js itself; a no not at all, so an origin an admin has just
        // added shows the widget on the next page load.
        "Cache-Control": allowed ? "public, max-age=300" : "no-store",
      },
    },
  );
}

export function action() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "GET" } });
}
