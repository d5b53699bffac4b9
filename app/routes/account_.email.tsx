import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { AccountNav } from "~/components/account-nav";
import { FormError, TextField } from "~/components/field";
import { EMAIL_MAX } from "~/domain/account-fields";
import { getAccountSummary } from "~/services/account-profile.server";
import { requestEmailChange } from "~/services/email-change.server";
import { echoField, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Email address — Account")];

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const params = new URL(request.url).searchParams;
  return { account: getAccountSummary(context.deps, user), sentTo: params.get("sent"), changed: params.has("changed") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = formToObject(await readForm(request));
  try {
    const { email } = await requestEmailChange(context.deps, user, { email: form.email ?? "", currentPassword: form.currentPassword ?? "" });
    throw redirect(`/account/email?sent=${encodeURIComponent(email)}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const response = serviceErrorToData(error);
    return data({ errors: response.data.errors, email: echoField(form.email, EMAIL_MAX) }, response.init ?? undefined);
  }
}

export default function AccountEmail() {
  const { account, sentTo, changed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="narrow">
      <h1>Email address</h1>
      <AccountNav />
      {changed ? (
        <p className="notice notice--ok" role="status">
          Your email address is changed.
        </p>
      ) : null}
      {sentTo ? (
        <p className="notice notice--ok" role="status">
          We have sent a link to {sentTo}. Follow it within an hour to start using that address; until then your current one keeps working.
        </p>
      ) : null}
      <p>
        Your email address is <strong>{account.email}</strong>
        {account.emailVerified ? " (confirmed)" : " (not confirmed yet)"}. Nobody else sees it.
      </p>
      <Form method="post" className="stack" noValidate>
        <FormError error={errors.form} />
        <TextField label="New email address" name="email" type="email" autoComplete="email" required maxLength={EMAIL_MAX} defaultValue={result?.email} error={errors.email} />
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} />
        <button type="submit" className="button">
          Send a confirmation link
        </button>
      </Form>
    </section>
  );
}
