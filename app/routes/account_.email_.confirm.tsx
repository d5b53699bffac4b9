import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { confirmEmailChange } from "~/services/email-change.server";
import { Invalid } from "~/services/errors";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Confirm your new email address")];

/** The link mailed to the new address. It needs no session: holding the link proves the address. */
export function loader({ request, context }: LoaderFunctionArgs) {
  let changed: { userId: string };
  try {
    changed = confirmEmailChange(context.deps, new URL(request.url).searchParams.get("token"));
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return data({ problem: error.message }, { status: 410 });
  }
  // Signed in as that account: its email page says so. Anyone else (or nobody) just reads that it is done.
  if (context.user?.id === changed.userId) throw redirect("/account/email?changed");
  return { problem: null };
}

export default function ConfirmEmailChange() {
  const { problem } = useLoaderData<typeof loader>();
  return (
    <section className="narrow">
      <h1>Confirm your new email address</h1>
      {problem ? <p role="alert">{problem}</p> : <p role="status">Your email address is changed. Sign in with the new one from now on.</p>}
      <p>
        <Link to="/">Back to the community</Link>
      </p>
    </section>
  );
}
