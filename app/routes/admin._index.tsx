import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FormError, TextField } from "~/components/field";
import { DEMO_REMOVAL_PHRASE } from "~/domain/demo-community";
import { findDemoCommunity, removeDemoCommunity } from "~/services/demo-community.server";
import { formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Admin")];

export function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "admin");
  return { demo: findDemoCommunity(context.deps), removed: new URL(request.url).searchParams.has("demo-removed") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireRole(context, request, "admin");
  const form = formToObject(await readForm(request));
  try {
    removeDemoCommunity(context.deps, admin, { confirmation: form.confirmation ?? "" });
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ errors: response.data.errors, confirmation: (form.confirmation ?? "").slice(0, 40) }, { status: response.init?.status ?? 400 });
  }
  throw redirect("/admin?demo-removed");
}

const SECTIONS = [
  ["/admin/categories", "Categories", "Create, rename, colour, order and archive categories, and set each one's escalation window."],
  ["/admin/users", "Users", "Find members by name or email, see their activity, change their role."],
  ["/admin/identity", "Site identity", "The site's name, brand colours, logo, links back to your site and footer."],
  ["/admin/settings", "Settings", "Escalation windows, opening hours, moderation thresholds and outgoing mail."],
  ["/admin/webhooks", "Webhooks", "Tell other systems when threads are asked, answered or escalated."],
  ["/admin/widget", "Help widget", "Put the community on your own website."],
] as const;

export default function AdminOverview() {
  const { demo, removed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="admin">
      <h1>Admin</h1>
      <ul className="admin-list">
        {SECTIONS.map(([to, label, about]) => (
          <li key={to}>
            <Link to={to}>{label}</Link>
            <p className="muted">{about}</p>
          </li>
        ))}
      </ul>
      {removed ? (
        <p className="notice notice--ok" role="status">
          The demo community was removed.
        </p>
      ) : null}
      {demo ? (
        <>
          <h2 id="demo-heading">Demo community</h2>
          <p>
            This site still holds the demo community: {demo.accounts} demo account{demo.accounts === 1 ? "" : "s"}, {demo.threads} thread
            {demo.threads === 1 ? "" : "s"} they started and {demo.categories} demo categor{demo.categories === 1 ? "y" : "ies"}. Removing it deletes those
            accounts and threads with every reply in them, and the demo categories unless a real member has posted in one. It cannot be undone.
          </p>
          <Form method="post" className="stack narrow" aria-labelledby="demo-heading">
            <FormError error={errors.form} />
            <TextField
              label={`Type “${DEMO_REMOVAL_PHRASE}” to confirm`}
              name="confirmation"
              autoComplete="off"
              defaultValue={result?.confirmation ?? ""}
              error={errors.confirmation}
            />
            <button type="submit" className="button">
              Remove the demo community
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
