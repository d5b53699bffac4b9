import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Invalid } from "~/services/errors";
import { UNSUBSCRIBE_PATH } from "~/domain/member-mail";
import { describeUnsubscribe, unsubscribe } from "~/services/unsubscribe.server";
import { readForm } from "~/utils/forms";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Unsubscribe")];

// A search engine or a mail scanner may fetch the link: the page itself never unsubscribes.
export function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    return { token, what: describeUnsubscribe(context.deps.db, token).what, problem: null };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return data({ token: "", what: null, problem: error.message }, { status: 400 });
  }
}

/**
 * The page's button, or a mail client's RFC 8058 one-click POST (body `List-Unsubscribe=One-Click`):
 * no session and no CSRF origin needed, the link's signature is the proof (app/express-app.server.ts).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    const { what } = describeUnsubscribe(context.deps.db, token);
    unsubscribe(context.deps, token);
    return { done: true as const, what, problem: null };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return data({ done: false as const, what: null, problem: error.message }, { status: 400 });
  }
}

export default function Unsubscribe() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problem = result?.problem ?? page.problem;
  return (
    <section className="narrow">
      <h1>Unsubscribe</h1>
      {problem ? <p role="alert">{problem}</p> : null}
      {result?.done ? (
        <p role="status">Done: you will no longer get {result.what}. You can switch it on again on your account page.</p>
      ) : page.what ? (
        <Form method="post" action={`${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(page.token)}`} className="stack">
          <p>Stop {page.what}?</p>
          <button type="submit" className="button">
            Unsubscribe
          </button>
        </Form>
      ) : null}
      <p>
        <Link to="/account">Email settings</Link> · <Link to="/">Back to the community</Link>
      </p>
    </section>
  );
}
