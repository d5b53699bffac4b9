import { data, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormError, TextField } from "~/components/field";
import { EMAIL_MAX } from "~/domain/account-fields";
import { requestPasswordReset } from "~/services/password-reset.server";
import { echoField, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Forgot your password?")];

// A throttled request's Retry-After must reach the document response.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

/** The one answer for every well-formed address, so the page never tells whether an account exists. */
export const RESET_REQUESTED = "If an account exists for that address, we've sent a link to choose a new password. It works for one hour.";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const email = form.email ?? "";
  try {
    requestPasswordReset(context.deps, { email, ip: context.clientIp });
    return { sent: true as const, errors: {} as Record<string, string>, values: { email: "" } };
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ ...response.data, sent: false as const, values: { email: echoField(email, EMAIL_MAX) } }, response.init ?? undefined);
  }
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="narrow">
      <h1>Forgot your password?</h1>
      {result?.sent ? (
        <p role="status">{RESET_REQUESTED}</p>
      ) : (
        <p>Enter the email address of your account and we will mail you a link to choose a new password.</p>
      )}
      <Form method="post" noValidate className="stack">
        <FormError error={errors.form} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={result?.values.email} error={errors.email} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Sending…" : "Send me a link"}
        </button>
      </Form>
      <p>
        Remembered it? <Link to="/auth/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
