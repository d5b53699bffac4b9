import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { SectionNav } from "~/components/section-nav";

// Every admin page sits under this layout; each page's own loader and action check the role too,
// since a form post reaches the action without this loader running.
export function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "admin");
  return null;
}

const SECTIONS = [
  ["/admin", "Overview"],
  ["/admin/categories", "Categories"],
  ["/admin/users", "Users"],
  ["/admin/identity", "Site identity"],
  ["/admin/settings", "Settings"],
  ["/admin/webhooks", "Webhooks"],
  ["/admin/widget", "Help widget"],
] as const;

export default function AdminLayout() {
  return (
    <>
      <SectionNav label="Admin" sections={SECTIONS} />
      <Outlet />
    </>
  );
}
