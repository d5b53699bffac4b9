import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getThreadPage } from "~/services/thread-page.server";
import { serviceErrorToData } from "~/utils/http.server";

// /t/<id> without its slug answers with a permanent redirect to the canonical address.
export function loader({ params, context }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().safeParse(params.id);
  if (!id.success) throw new Response("No such thread", { status: 404 });
  try {
    const { thread } = getThreadPage(context.deps, id.data, context.user);
    return redirect(`/t/${thread.id}/${thread.slug}`, 301);
  } catch (error) {
    throw serviceErrorToData(error);
  }
}
