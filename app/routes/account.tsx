import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { AccountNav } from "~/components/account-nav";
import { EmailPreferencesSection } from "~/components/email-preferences";
import { getEmailPreferences } from "~/services/email-preferences.server";
import { getReminderPreference, setReminderPreference } from "~/services/reminders.server";
import escalationStyles from "~/styles/escalation.css";
import { readForm } from "~/utils/forms";
import { pageTitle } from "~/components/common";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: escalationStyles }];

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Account preferences")];

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    reminders: getReminderPreference(context.deps, user.id),
    emailPreferences: getEmailPreferences(context.deps, user),
    saved: saved !== null && saved !== "email",
    emailSaved: saved === "email",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request);
  setReminderPreference(context.deps, user.id, form.get("reminders") === "on");
  throw redirect("/account?saved");
}

export default function Account() {
  const { reminders, emailPreferences, saved, emailSaved } = useLoaderData<typeof loader>();
  return (
    <section className="narrow">
      <h1>Account preferences</h1>
      <AccountNav />
      {saved ? (
        <p className="notice notice--ok" role="status">
          Saved.
        </p>
      ) : null}
      <Form method="post" className="stack">
        <label className="checkbox">
          <input type="checkbox" name="reminders" defaultChecked={reminders} /> Remind me (in the app and by email) to accept an answer
          when my question has answers but none accepted after a few days
        </label>
        <button type="submit" className="button">
          Save preferences
        </button>
      </Form>
      <EmailPreferencesSection preferences={emailPreferences} saved={emailSaved} />
      <h2>Your data</h2>
      <p>
        Download everything you wrote here and your settings, as one JSON file:{" "}
        <a href="/account/export" download>
          Download my data
        </a>
      </p>
    </section>
  );
}
