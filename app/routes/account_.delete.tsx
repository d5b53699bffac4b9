import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { AccountNav } from "~/components/account-nav";
import { FormError, TextField } from "~/components/field";
import { deleteAccount } from "~/services/account-deletion.server";
import { getSettings } from "~/services/settings.server";
import { formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Delete your account")];

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  return { memberChoosesPosts: getSettings(context.deps).accountDeletionPosts === "member-choice" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = formToObject(await readForm(request));
  try {
    await deleteAccount(context.deps, user, { currentPassword: form.currentPassword ?? "", posts: form.posts || undefined });
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ errors: response.data.errors, posts: form.posts ?? "keep" }, response.init ?? undefined);
  }
  // The service ended every session; this clears the cookie that named one.
  throw redirect("/", { headers: { "Set-Cookie": context.deps.lucia.createBlankSessionCookie().serialize() } });
}

export default function DeleteAccount() {
  const { memberChoosesPosts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="narrow">
      <h1>Delete your account</h1>
      <AccountNav />
      <p>
        This cannot be undone. Your name, handle, email address, picture and settings are erased and you are signed out everywhere.{" "}
        {memberChoosesPosts
          ? "Choose below whether your posts stay (shown as by “deleted user”) or are removed."
          : "Your questions and answers stay, so threads remain readable, shown as by “deleted user”."}
      </p>
      <p>
        Want a copy first? <a href="/account/export" download>Download my data</a>.
      </p>
      <Form method="post" className="stack" noValidate>
        <FormError error={errors.form} />
        {memberChoosesPosts ? (
          <fieldset className="stack">
            <legend>Your posts</legend>
            <label className="checkbox">
              <input type="radio" name="posts" value="keep" defaultChecked={(result?.posts ?? "keep") === "keep"} /> Keep them, as by “deleted user”
            </label>
            <label className="checkbox">
              <input type="radio" name="posts" value="remove" defaultChecked={result?.posts === "remove"} /> Remove them (a question others have
              answered stays, so their answers are not lost)
            </label>
            {errors.posts ? (
              <p className="field__error" role="alert">
                {errors.posts}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        <TextField label="Your password, to confirm" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword ?? (memberChoosesPosts ? undefined : errors.posts)} />
        <button type="submit" className="button button--danger-solid">
          Delete my account
        </button>
      </Form>
    </section>
  );
}
