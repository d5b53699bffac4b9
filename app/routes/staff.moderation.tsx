import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FormError } from "~/components/field";
import { RelativeTime, profilePath, pageTitle } from "~/components/common";
import { FLAG_REASON_LABELS, type FlagReason } from "~/domain/moderation";
import { ResolveFlagsSchema } from "~/schemas/moderation.server";
import { listFlagQueue, resolveFlags } from "~/services/moderation-queue.server";
import { fieldErrors, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import escalationStyles from "~/styles/escalation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: escalationStyles }];

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Moderation queue")];

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "moderator");
  try {
    const items = listFlagQueue(context.deps, user);
    const done = new URL(request.url).searchParams.get("done");
    return { items, done: done === "agreed" || done === "disagreed" ? done : null };
  } catch (error) {
    throw serviceErrorToData(error);
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, "moderator");
  const form = formToObject(await readForm(request));
  const parsed = ResolveFlagsSchema.safeParse(form);
  const postId = Number(form.postId) || 0;
  if (!parsed.success) return data({ ok: false as const, postId, errors: fieldErrors(parsed.error) }, { status: 400 });
  try {
    resolveFlags(context.deps, user, parsed.data.postId, parsed.data);
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ ok: false as const, postId, errors: response.data.errors }, response.init ?? undefined);
  }
  throw redirect(`/staff/moderation?done=${parsed.data.decision === "agree" ? "agreed" : "disagreed"}`);
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function QueueItem({ item, errors }: { item: Item; errors?: Record<string, string> }) {
  const { post, author } = item;
  const suspendable = author.role === "member" || author.role === "staff";
  return (
    <li className={`queue-row moderation-item${item.priority ? " moderation-item--priority" : ""}`} aria-label={`Flags on a post by ${author.displayName}`}>
      <div className="queue-row__main">
        <p className="queue-row__meta">
          {item.priority ? <strong className="tag">Priority</strong> : null} {post.position === 1 ? "Question" : "Reply"} in{" "}
          <Link to={`/p/${post.id}`}>{post.threadTitle}</Link> · <RelativeTime at={post.createdAt} />
          {post.deletedAt ? " · deleted" : post.hiddenAt ? ` · hidden ${post.hiddenReason === "flags" ? "pending review" : "by a moderator"}` : ""}
        </p>
        <div className="prose moderation-item__body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
        <p className="queue-row__meta">
          By <Link to={`/u/${author.handle}`}>{author.displayName}</Link> ({author.role}) · {author.postCount} {author.postCount === 1 ? "post" : "posts"} ·{" "}
          {author.upheldFlagCount} with upheld flags before
          {suspendable ? (
            <>
              {" "}· <Link to={`${profilePath(author.handle)}#suspension`}>Suspend or lift a suspension</Link>
            </>
          ) : null}
        </p>
        <ul className="moderation-item__flags" aria-label="Flags">
          {item.flags.map((flag) => (
            <li key={flag.handle}>
              <Link to={`/u/${flag.handle}`}>{flag.displayName}</Link>: {FLAG_REASON_LABELS[flag.reason as FlagReason] ?? flag.reason}
              {flag.note ? <> — “{flag.note}”</> : null} <span className="muted"><RelativeTime at={flag.createdAt} /></span>
            </li>
          ))}
        </ul>
        {errors ? <FormError error={errors.form ?? errors.until ?? errors.suspendReason ?? Object.values(errors)[0]} /> : null}
      </div>
      <div className="queue-row__actions">
        <Form method="post">
          <input type="hidden" name="postId" value={post.id} />
          <button type="submit" name="decision" value="disagree" className="button button--quiet">
            Disagree{post.hiddenReason === "flags" ? " and restore" : ""}
          </button>
        </Form>
        <details open={errors && (errors.until || errors.suspendReason) ? true : undefined}>
          <summary>Agree…</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="postId" value={post.id} />
            <fieldset>
              <legend>Then</legend>
              <label className="checkbox">
                <input type="radio" name="outcome" value="hide" defaultChecked /> Hide the post
              </label>
              <label className="checkbox">
                <input type="radio" name="outcome" value="delete" /> Delete the post
              </label>
            </fieldset>
            {suspendable ? (
              <fieldset>
                <legend>And optionally</legend>
                <label className="checkbox">
                  <input type="checkbox" name="suspend" value="on" /> Suspend {author.displayName}
                </label>
                <label htmlFor={`until-${post.id}`}>Until</label>
                <input id={`until-${post.id}`} type="date" name="until" />
                <label htmlFor={`why-${post.id}`}>Reason (the member sees it)</label>
                <input id={`why-${post.id}`} name="suspendReason" maxLength={500} />
              </fieldset>
            ) : null}
            <button type="submit" name="decision" value="agree" className="button">
              Agree
            </button>
          </Form>
        </details>
      </div>
    </li>
  );
}

export default function ModerationQueue() {
  const { items, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? (result.errors as Record<string, string>) : undefined;
  return (
    <section>
      <h1>Moderation queue</h1>
      <p>
        <Link to="/staff/log">Moderation log</Link>
      </p>
      {done ? (
        <p className="notice notice--ok" role="status">
          {done === "agreed" ? "Flags agreed with; the flaggers were told." : "Flags dismissed; the flaggers were told."}
        </p>
      ) : null}
      {errors && !items.some((item) => item.post.id === result?.postId) ? <FormError error={errors.form ?? Object.values(errors)[0]} /> : null}
      {items.length === 0 ? (
        <p className="empty">No open flags. Nothing waits for review.</p>
      ) : (
        <ul className="queue" aria-label="Flagged posts">
          {items.map((item) => (
            <QueueItem key={item.post.id} item={item} errors={result?.postId === item.post.id ? errors : undefined} />
          ))}
        </ul>
      )}
    </section>
  );
}
