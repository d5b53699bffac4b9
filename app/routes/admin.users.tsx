import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FormError } from "~/components/field";
import { PageNav, RelativeTime, pageTitle, profilePath } from "~/components/common";
import { TableScroll } from "~/components/table-scroll";
import { ROLES } from "~/domain/roles";
import { RoleChangeFormSchema, UserSearchQuerySchema } from "~/schemas/user-admin.server";
import { changeRole, searchUsers } from "~/services/user-admin.server";
import { fieldErrors, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Users — Admin")];

export function loader({ request, context }: LoaderFunctionArgs) {
  const admin = requireRole(context, request, "admin");
  const url = new URL(request.url);
  const query = UserSearchQuerySchema.parse(Object.fromEntries(url.searchParams));
  return { query, result: searchUsers(context.deps, admin, { query: query.q, page: query.page }), saved: url.searchParams.get("saved"), me: admin.id };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireRole(context, request, "admin");
  const form = formToObject(await readForm(request));
  const fail = (errors: Record<string, string>, status = 400) => data({ userId: form.userId ?? "", errors }, { status });
  const parsed = RoleChangeFormSchema.safeParse(form);
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  try {
    changeRole(context.deps, admin, parsed.data);
  } catch (error) {
    const response = serviceErrorToData(error);
    return fail(response.data.errors, response.init?.status);
  }
  // Back to the same search and page, with the member's row still in view.
  const back = new URL(request.url);
  back.searchParams.set("saved", "role");
  throw redirect(`${back.pathname}${back.search}`);
}

const ROLE_LABELS: Record<(typeof ROLES)[number], string> = { member: "Member", staff: "Staff", moderator: "Moderator", admin: "Admin" };

export default function AdminUsers() {
  const { query, result, saved, me } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const href = (page: number) => `/admin/users?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), page: String(page) })}`;
  return (
    <section className="admin">
      <h1>Users</h1>
      {saved === "role" ? (
        <p className="notice notice--ok" role="status">
          Role changed.
        </p>
      ) : null}
      <Form method="get" className="admin-row-actions" role="search" aria-label="Find members">
        <div className="field">
          <label htmlFor="user-search">Name, handle or email</label>
          <input id="user-search" type="search" name="q" defaultValue={query.q} />
        </div>
        <button type="submit" className="button">Search</button>
      </Form>
      <p className="muted">
        {result.total} member{result.total === 1 ? "" : "s"}
        {query.q ? ` matching “${query.q}”` : ""}. Suspensions and other moderation are on each member's profile.
      </p>
      {result.users.length ? (
        <TableScroll label="Members">
          <table>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Email</th>
                <th scope="col">Reputation</th>
                <th scope="col">Posts</th>
                <th scope="col">Last seen</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {result.users.map((user) => {
                const error = failed && failed.userId === user.id ? failed.errors : {};
                const errorId = `role-${user.id}-error`;
                const message = error.role ?? error.form ?? error.userId;
                return (
                  <tr key={user.id}>
                    <td>
                      <Link to={profilePath(user.handle)}>{user.displayName}</Link> <span className="muted">@{user.handle}</span>
                    </td>
                    <td>{user.email}</td>
                    <td>{user.reputation}</td>
                    <td>{user.postCount}</td>
                    <td>{user.lastSeenAt ? <RelativeTime at={user.lastSeenAt} /> : "Never"}</td>
                    <td>
                      <Form method="post" className="admin-row-actions">
                        <input type="hidden" name="userId" value={user.id} />
                        {/* Named by aria-label: a visually hidden <label> is positioned absolutely and would escape the table's scroll box. */}
                        <select id={`role-${user.id}`} name="role" aria-label={`Role of ${user.displayName}`} defaultValue={user.role} aria-invalid={message ? true : undefined} aria-describedby={message ? errorId : undefined}>
                          {ROLES.map((role) => (
                            <option key={role} value={role}>
                              {ROLE_LABELS[role]}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button button--quiet">
                          Change role{user.id === me ? " (you)" : ""}
                        </button>
                        {message ? (
                          <p className="field__error" id={errorId} role="alert">
                            {message}
                          </p>
                        ) : null}
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>No members match.</p>
      )}
      <PageNav label="Pages of members" page={result.page} pageCount={result.pageCount} href={href} />
      <FormError error={failed && !result.users.some((u) => u.id === failed.userId) ? Object.values(failed.errors)[0] : undefined} />
    </section>
  );
}
