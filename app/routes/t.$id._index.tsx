import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findVisibleThread } from "~/services/thread-access.server";
import { findMergeDestination } from "~/services/thread-merge.server";
import { serviceErrorToData } from "~/utils/http.server";
import { threadPagePath } from "~/components/common";

// /t/<id> without its slug answers with a permanent redirect to the canonical address.
export function loader({ params, context }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().safeParse(params.id);
  if (!id.success) throw new Response("No such thread", { status: 404 });
  try {
    const merged = findMergeDestination(context.deps, id.data);
    return redirect(threadPagePath(merged ?? findVisibleThread(context.deps.db, id.data, context.user)), 301);
  } catch (error) {
    throw serviceErrorToData(error);
  }
}
