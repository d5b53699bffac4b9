import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { locatePost } from "~/services/thread-page.server";
import { serviceErrorToData } from "~/utils/http.server";

// /p/<id> is a post's lasting address: it leads to the thread page that shows the post now (an
// accepted answer moves to page 1), so the redirect is temporary.
export function loader({ params, context }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().safeParse(params.id);
  if (!id.success) throw new Response("No such post", { status: 404 });
  try {
    return redirect(locatePost(context.deps, id.data, context.user));
  } catch (error) {
    throw serviceErrorToData(error);
  }
}
