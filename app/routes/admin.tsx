import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";

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
      <nav aria-label="Admin">
        <ul className="admin-nav">
          {SECTIONS.map(([to, label]) => (
            <li key={to}>
              <NavLink to={to} end>
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
