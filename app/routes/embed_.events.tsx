import type { ActionFunctionArgs } from "@remix-run/node";
import { Invalid, RateLimited } from "~/services/errors";
import { recordWidgetEvent } from "~/services/widget-events.server";
import { formToObject, readForm } from "~/utils/forms";

// POST /embed/events from the widget's frame (same origin, so the CSRF check passes): one count.
export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  try {
    recordWidgetEvent(context.deps, { origin: form.origin, event: form.event, clientIp: context.clientIp });
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof Invalid) return new Response(Object.values(error.fields).join(" "), { status: 400 });
    if (error instanceof RateLimited) {
      return new Response(error.message, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
    }
    throw error;
  }
}
