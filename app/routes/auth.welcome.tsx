import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RedirectToSchema } from "~/schemas/auth.server";
import { signInPath } from "~/utils/redirect-to";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Check your email")];

// Sign-up sends everyone here, so its answer never tells whether an email was already registered.
// A new member arrives signed in and goes straight on to where they were heading (the prefilled
// ask form, say); whoever arrives without a session tried an email that has an account, and its
// owner was mailed a sign-in link.
export function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = RedirectToSchema.parse(new URL(request.url).searchParams.get("redirectTo"));
  if (context.user) throw redirect(redirectTo);
  return { redirectTo };
}

export default function Welcome() {
  const { redirectTo } = useLoaderData<typeof loader>();
  return (
    <section className="narrow">
      <h1>Check your email</h1>
      <p>We have sent a message to the address you gave, with how to continue.</p>
      <p>
        Already a member? <Link to={signInPath(redirectTo)}>Sign in</Link>
      </p>
    </section>
  );
}
