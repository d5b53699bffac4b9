import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { startSession } from "~/auth/lucia.server";
import { FormError, TextField } from "~/components/field";
import { RedirectToSchema } from "~/schemas/auth.server";
import { EMAIL_MAX } from "~/domain/account-fields";
import { authenticate } from "~/services/users.server";
import { echoField, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { signUpPath } from "~/utils/redirect-to";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Sign in")];

// A throttled attempt's Retry-After must reach the document response.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = RedirectToSchema.parse(new URL(request.url).searchParams.get("redirectTo"));
  if (context.user) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const email = form.email ?? "";
  try {
    const user = await authenticate(context.deps, { email, password: form.password ?? "", ip: context.clientIp });
    const cookie = await startSession(context.deps.lucia, user.id);
    throw redirect(RedirectToSchema.parse(form.redirectTo), { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof Response) throw error;
    const response = serviceErrorToData(error);
    return data({ ...response.data, values: { email: echoField(email, EMAIL_MAX) } }, response.init ?? undefined);
  }
}

export default function SignIn() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <Form method="post" noValidate className="stack">
        <FormError error={errors.form} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={result?.values.email} error={errors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={errors.password} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p>
        <Link to="/auth/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to={signUpPath(redirectTo)}>Create an account</Link>
      </p>
    </section>
  );
}
