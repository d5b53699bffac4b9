import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "@db/schema";
import { hasRole } from "./permissions";
import type { SessionUser } from "./lucia.server";
import { signInPath } from "~/utils/redirect-to";

/** The signed-in user, or a redirect to sign in that comes back here afterwards. */
export function requireUser(context: AppLoadContext, request: Request): SessionUser {
  if (context.user) return context.user;
  const url = new URL(request.url);
  throw redirect(signInPath(`${url.pathname}${url.search}`));
}

/** Like requireUser, and answers 403 to anyone below `role`. */
export function requireRole(context: AppLoadContext, request: Request, role: Role): SessionUser {
  const user = requireUser(context, request);
  if (!hasRole(user, role)) throw new Response("This page is for staff only.", { status: 403 });
  return user;
}
