import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { findMergeDestination } from "~/services/thread-merge.server";
import { getWidgetAnswer, type WidgetAnswer } from "~/services/widget.server";
import { embedHref, embedMeta, embedText } from "~/utils/embed-config";
import { notFound, serviceErrorToData } from "~/utils/http.server";
import type { loader as embedLoader } from "./embed";
import { threadPagePath } from "~/components/common";
import { IdParamsSchema } from "~/schemas/params.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => embedMeta(matches, data ? data.answer.thread.title : "Not found");

export function loader({ params, request, context }: LoaderFunctionArgs) {
  const parsed = IdParamsSchema.safeParse(params);
  if (!parsed.success) notFound();
  const url = new URL(request.url);
  const query = url.searchParams.get("q")?.trim().slice(0, 200) ?? "";
  // A link to a thread merged since (a stale suggestion) opens the thread its posts went to.
  const merged = findMergeDestination(context.deps, parsed.data.id);
  if (merged) throw redirect(`/embed/t/${merged.id}${url.search}`, 301);
  try {
    return { answer: getWidgetAnswer(context.deps, parsed.data.id), query };
  } catch (error) {
    throw serviceErrorToData(error);
  }
}

function useEmbedConfig() {
  return useRouteLoaderData<typeof embedLoader>("routes/embed")!.config;
}

function Post({ post, label }: { post: NonNullable<WidgetAnswer["accepted"]>; label?: string }) {
  return (
    <div className="embed-post">
      <p className="embed-post__by">
        {label ? <strong className="embed-post__label">{label} · </strong> : null}
        {post.author}
        {post.official ? <span className="tag tag--staff">Staff</span> : null}
      </p>
      <div className="embed-post__body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
    </div>
  );
}

export default function EmbedAnswer() {
  const { answer, query } = useLoaderData<typeof loader>();
  const config = useEmbedConfig();
  const { thread } = answer;
  return (
    <article className="embed-answer" data-embed-event="view">
      <a href={embedHref(config, "/embed", { q: query })} target="_self" className="embed-back" data-embed-start>
        ← {embedText(config, "back")}
      </a>
      <h1>{thread.title}</h1>
      {answer.question ? <div className="embed-post__body embed-question" dangerouslySetInnerHTML={{ __html: answer.question.bodyHtml }} /> : null}
      {answer.accepted ? (
        <section className="embed-accepted" aria-label="Solved: the answer that worked">
          <Post post={answer.accepted} label="✓ Solved: the answer that worked" />
        </section>
      ) : null}
      {answer.answers.length ? (
        <section aria-label="More answers">
          <h2 className="embed-section-title">{answer.accepted ? "More answers" : "Answers"}</h2>
          {answer.answers.map((post) => (
            <Post key={post.id} post={post} />
          ))}
        </section>
      ) : null}
      <a className="embed-open" href={threadPagePath(thread)} target="_blank" rel="noopener">
        {embedText(config, "open")} ↗
      </a>
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const config = useRouteLoaderData<typeof embedLoader>("routes/embed")?.config ?? {};
  const missing = isRouteErrorResponse(error) && error.status === 404;
  if (!missing) console.error(error);
  return (
    <div className="embed-answer">
      <a href={embedHref(config, "/embed")} target="_self" className="embed-back" data-embed-start>
        ← {embedText(config, "back")}
      </a>
      <h1>{missing ? "This answer is no longer here" : "Something went wrong"}</h1>
      <p>{missing ? "It may have been moved or removed. Try searching again." : "Please try again in a moment."}</p>
    </div>
  );
}
