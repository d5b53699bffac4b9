import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/auth/lucia.server";

export async function action({ context }: ActionFunctionArgs) {
  if (!context.sessionId) throw redirect("/");
  const cookie = await endSession(context.deps.lucia, context.sessionId);
  throw redirect("/", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  throw redirect("/");
}
