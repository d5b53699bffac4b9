import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { startSession } from "~/auth/lucia.server";
import { FormError, TextField } from "~/components/field";
import { RESET_LINK_PROBLEM } from "~/domain/password-reset";
import { isResetTokenLive, resetPassword } from "~/services/password-reset.server";
import { formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Choose a new password")];

export function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const live = isResetTokenLive(context.deps, token);
  // A dead link answers 410 with the explanation instead of a form that could only fail.
  return data({ token: live ? token : "", live }, live ? undefined : { status: 410 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  try {
    const user = await resetPassword(context.deps, { token: form.token ?? "", password: form.password ?? "" });
    const cookie = await startSession(context.deps.lucia, user.id);
    throw redirect("/", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof Response) throw error;
    const response = serviceErrorToData(error);
    return data(response.data, response.init ?? undefined);
  }
}

export default function ResetPassword() {
  const { token, live } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="narrow">
      <h1>Choose a new password</h1>
      {live ? (
        <Form method="post" noValidate className="stack">
          <FormError error={errors.form} />
          <input type="hidden" name="token" value={token} />
          <TextField
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 10 characters. Every other device signed in to your account will be signed out."
            error={errors.password}
          />
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Saving…" : "Save the new password"}
          </button>
        </Form>
      ) : (
        <p role="alert">{RESET_LINK_PROBLEM}</p>
      )}
      <p>
        <Link to="/auth/forgot-password">Ask for a new link</Link>
      </p>
    </section>
  );
}
