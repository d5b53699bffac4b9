import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { exportAccountData } from "~/services/account-export.server";

/** "Download my data": the member's own data as one JSON file, saved rather than shown. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const data = exportAccountData(context.deps, user);
  const day = context.deps.clock.now().toISOString().slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="peerdesk-${data.profile.handle}-${day}.json"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
