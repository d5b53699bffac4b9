import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/field";
import { sendVerificationLink, verifyEmail } from "~/services/email-verification.server";
import { Invalid } from "~/services/errors";
import { serviceErrorToData } from "~/utils/http.server";
import { signInPath } from "~/utils/redirect-to";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Confirm your email address")];

// A throttled "send again" carries Retry-After.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const token = params.get("token");
  if (token === null) return { verified: params.has("confirmed"), problem: null, signedIn: !!context.user };
  try {
    verifyEmail(context.deps, token);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return data({ verified: false, problem: error.message, signedIn: !!context.user }, { status: 410 });
  }
  // A fresh request, so the layout (loaded alongside this loader) no longer shows the "confirm" banner.
  throw redirect("/auth/verify?confirmed");
}

/** "Send the link again", from the reminder banner. */
export function action({ context }: ActionFunctionArgs) {
  if (!context.user) throw redirect(signInPath("/auth/verify"));
  try {
    sendVerificationLink(context.deps, context.user.id);
    return { sent: true, errors: {} as Record<string, string> };
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ ...response.data, sent: false }, response.init ?? undefined);
  }
}

export default function VerifyEmail() {
  const { verified, problem, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>Confirm your email address</h1>
      {verified ? <p role="status">Thank you: your email address is confirmed.</p> : null}
      {problem ? <p role="alert">{problem}</p> : null}
      {result?.sent ? <p role="status">We have mailed you a new link. It works for 24 hours.</p> : null}
      <FormError error={result?.errors.form} />
      {!verified && signedIn ? (
        <Form method="post">
          <button type="submit" className="button">
            Send the link again
          </button>
        </Form>
      ) : null}
      <p>
        <Link to="/">Back to the community</Link>
      </p>
    </section>
  );
}
