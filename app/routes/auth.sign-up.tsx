import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { startSession } from "~/auth/lucia.server";
import { FormError, TextField } from "~/components/field";
import { DISPLAY_NAME_MAX, EMAIL_MAX, HANDLE_MAX, RedirectToSchema } from "~/schemas/auth";
import { signUp } from "~/services/users.server";
import { echoField, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Join the community" }];

export function loader({ context }: LoaderFunctionArgs) {
  if (context.user) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const values = {
    email: form.email ?? "",
    displayName: form.displayName ?? "",
    handle: form.handle ?? "",
    password: form.password ?? "",
  };
  try {
    const user = await signUp(context.deps, values);
    const cookie = await startSession(context.deps.lucia, user.id);
    throw redirect(RedirectToSchema.parse(form.redirectTo), { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof Response) throw error;
    const response = serviceErrorToData(error);
    const shown = {
      email: echoField(values.email, EMAIL_MAX),
      displayName: echoField(values.displayName, DISPLAY_NAME_MAX),
      handle: echoField(values.handle, HANDLE_MAX),
      password: "",
    };
    return data({ ...response.data, values: shown }, response.init ?? undefined);
  }
}

export default function SignUp() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.errors ?? {};
  const values = result?.values;
  return (
    <section className="narrow">
      <h1>Join the community</h1>
      <p>Ask questions, help other customers, and get answers from staff.</p>
      <Form method="post" noValidate className="stack">
        <FormError error={errors.form} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
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
        Already a member? <Link to="/auth/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
