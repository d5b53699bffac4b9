import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { startSession } from "~/auth/lucia.server";
import { FormError, TextField } from "~/components/field";
import { RobotCheckFields } from "~/components/robot-check-fields";
import { FORM_STAMP_FIELD, HONEYPOT_FIELD } from "~/domain/anti-spam";
import { checkFormStart, issueFormStamp, renewFormStamp } from "~/services/form-guard.server";
import { RedirectToSchema } from "~/schemas/auth.server";
import { DISPLAY_NAME_MAX, EMAIL_MAX, HANDLE_MAX } from "~/domain/account-fields";
import { sendVerificationLink } from "~/services/email-verification.server";
import { signUp } from "~/services/users.server";
import { echoField, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { signInPath, welcomePath } from "~/utils/redirect-to";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Join the community")];

// A throttled sign-up's Retry-After must reach the document response.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = RedirectToSchema.parse(new URL(request.url).searchParams.get("redirectTo"));
  if (context.user) throw redirect(redirectTo);
  return { redirectTo, formStamp: issueFormStamp(context.deps, "sign-up") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const values = {
    email: form.email ?? "",
    displayName: form.displayName ?? "",
    handle: form.handle ?? "",
    password: form.password ?? "",
  };
  const redirectTo = RedirectToSchema.parse(form.redirectTo);
  try {
    checkFormStart(context.deps, "sign-up", { stamp: form[FORM_STAMP_FIELD], honeypot: form[HONEYPOT_FIELD] });
    const result = await signUp(context.deps, { ...values, ip: context.clientIp, redirectTo });
    // A registered email gets the same redirect, only without a session (see the welcome page).
    if (result.created) sendVerificationLink(context.deps, result.user.id);
    const headers = result.created ? { "Set-Cookie": await startSession(context.deps.lucia, result.user.id) } : undefined;
    throw redirect(welcomePath(redirectTo), { headers });
  } catch (error) {
    if (error instanceof Response) throw error;
    const response = serviceErrorToData(error);
    const shown = {
      email: echoField(values.email, EMAIL_MAX),
      displayName: echoField(values.displayName, DISPLAY_NAME_MAX),
      handle: echoField(values.handle, HANDLE_MAX),
      password: "",
    };
    const formStamp = renewFormStamp(context.deps, "sign-up", form[FORM_STAMP_FIELD]);
    return data({ ...response.data, values: shown, formStamp }, response.init ?? undefined);
  }
}

export default function SignUp() {
  const { redirectTo, formStamp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.errors ?? {};
  const values = result?.values;
  return (
    <section className="narrow">
      <h1>Join the community</h1>
      <p>Ask questions, help other customers, and get answers from staff.</p>
      <Form method="post" noValidate className="stack">
        <FormError error={errors.form} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <RobotCheckFields stamp={result?.formStamp ?? formStamp} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={values?.email} error={errors.email} />
        <TextField label="Display name" name="displayName" autoComplete="name" required defaultValue={values?.displayName} error={errors.displayName} />
        <TextField
          label="Handle"
          name="handle"
          required
          autoComplete="username"
          hint="Your public profile address: lowercase letters, digits and _"
          defaultValue={values?.handle}
          error={errors.handle}
        />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters" error={errors.password} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Creating account…" : "Create account"}
        </button>
      </Form>
      <p>
        Already a member? <Link to={signInPath(redirectTo)}>Sign in</Link>
      </p>
    </section>
  );
}
