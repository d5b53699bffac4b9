import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { EmailPreferencesSection } from "~/components/email-preferences";
import type { EmailPreferences } from "~/domain/member-mail";
import { getEmailPreferences, saveEmailPreferences } from "~/services/email-preferences.server";
import escalationStyles from "~/styles/escalation.css";
import { formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle } from "~/components/common";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: escalationStyles }];

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Email settings")];

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { preferences: getEmailPreferences(context.deps, user) };
}

/** Saves and goes back to /account; refused input comes back here, beside the fields it concerns. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = formToObject(await readForm(request));
  try {
    saveEmailPreferences(context.deps, user, form);
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ ...response.data, submitted: form }, response.init ?? undefined);
  }
  throw redirect("/account?saved=email");
}

export default function EmailSettings() {
  const { preferences } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // After a refusal the boxes show what was sent, not what is stored.
  const shown: EmailPreferences = result
    ? {
        answer: result.submitted.answer === "on",
        accepted: result.submitted.accepted === "on",
        staff_answer: result.submitted.staff_answer === "on",
        delivery: result.submitted.delivery === "daily" ? "daily" : preferences.delivery,
      }
    : preferences;
  return (
    <section className="narrow">
      <h1>Email settings</h1>
      <EmailPreferencesSection preferences={shown} errors={result?.errors} />
      <p>
        <Link to="/account">Back to your account</Link>
      </p>
    </section>
  );
}
