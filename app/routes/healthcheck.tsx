import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";

export function loader({ context }: LoaderFunctionArgs) {
  context.deps.db.get(sql`SELECT 1`);
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
