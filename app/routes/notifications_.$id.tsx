import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { openNotification } from "~/services/notifications.server";
import { serviceErrorToData } from "~/utils/http.server";

// Opening a notification marks it read, then goes on to the post it is about.
export function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const id = z.coerce.number().int().positive().safeParse(params.id);
  if (!id.success) throw new Response("No such notification", { status: 404 });
  try {
    return redirect(openNotification(context.deps, user.id, id.data));
  } catch (error) {
    throw serviceErrorToData(error);
  }
}
