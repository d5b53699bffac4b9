import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { AccountNav } from "~/components/account-nav";
import { FormError, TextField } from "~/components/field";
import { changePassword } from "~/services/account-security.server";
import { formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Password — Account")];

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  return { saved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = formToObject(await readForm(request));
  try {
    await changePassword(context.deps, user, { currentPassword: form.currentPassword ?? "", newPassword: form.newPassword ?? "" }, context.sessionId);
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ errors: response.data.errors }, response.init ?? undefined);
  }
  throw redirect("/account/password?saved");
}

export default function AccountPassword() {
  const { saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="narrow">
      <h1>Password</h1>
      <AccountNav />
      {saved ? (
        <p className="notice notice--ok" role="status">
          Your password is changed. You were signed out everywhere else.
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <FormError error={errors.form} />
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} />
        <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters. Other devices signed in to your account will be signed out." error={errors.newPassword} />
        <button type="submit" className="button">
          Change password
        </button>
      </Form>
    </section>
  );
}
