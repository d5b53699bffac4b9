import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { PageLink, PageNav, RelativeTime, categoryPath, postPath, threadPagePath, pageTitle, siteNameOf } from "~/components/common";
import { AcceptedAnswer } from "~/components/accepted-answer";
import { PostCard, type PostCardActions } from "~/components/post-card";
import { StaticCount } from "~/components/static-count";
import { BODY_MAX } from "~/domain/threads";
import { EscalationNotice, FollowButton, FormError, MeTooButton, ModeratorTools, ReplyForm } from "~/components/thread-tools-lazy";
import type { RootData } from "~/root";
import type { SessionUser } from "~/auth/lucia.server";
import type { AppDeps } from "~/context.server";
import { ServerJsonLd, withPostBodiesInDocument } from "~/utils/server-document";
// The loader's and the action's imports come through one module (see there why: issue 14).
import {
  IdParamsSchema,
  RateLimited,
  ThreadIntentSchema,
  ThreadPageQuerySchema,
  acceptAnswer,
  addMeToo,
  closeAsDuplicate,
  createReply,
  data,
  deletePost,
  echoDraft,
  findMergeDestination,
  findThreadLink,
  flagPost,
  followThread,
  formToObject,
  getEscalationNotice,
  getSettings,
  getThreadPage,
  isDatabaseBusy,
  listCategories,
  locatePost,
  mergeThread,
  moveThread,
  previewMarkdown,
  qaPageJsonLd,
  quoteFor,
  readForm,
  redirect,
  removeMeToo,
  reopenDuplicate,
  requireUser,
  restorePost,
  scriptSafeJson,
  serviceErrorToData,
  setPostHidden,
  setThreadLocked,
  setThreadPinned,
  threadPermissions,
  toPlainText,
  unfollowThread,
  voteHelpful,
  withdrawAcceptance,
  withdrawHelpful,
  type ThreadIntent,
  type ThreadPagePost,
} from "../utils/thread-route.server";

function threadId(params: LoaderFunctionArgs["params"]): number {
  const parsed = IdParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("No such thread", { status: 404 });
  return parsed.data.id;
}

function pageNumber(request: Request): number {
  return ThreadPageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)).page;
}

// A reply refused by the anti-spam limits answers 429; its Retry-After must reach the document response.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = threadId(params);
  // A merged thread's old address (any slug) leads to where its posts went, for good.
  const merged = findMergeDestination(context.deps, id);
  if (merged) throw redirect(threadPagePath(merged), 301);
  let page;
  try {
    page = getThreadPage(context.deps, id, context.user, { page: pageNumber(request) });
  } catch (error) {
    throw serviceErrorToData(error);
  }
  const url = new URL(request.url);
  const { thread, question, pagination } = page;
  if (params.slug !== thread.slug) throw redirect(`${threadPagePath(thread)}${url.search}`, 301);
  const publicUrl = context.deps.env.PUBLIC_URL;
  const absolute = (n: number) => `${publicUrl}${threadPagePath(thread, n)}`;
  const quote = Number(url.searchParams.get("quote"));
  // Only in a guest's page, which is what crawlers read (and the page cache keeps): a member's page is
  // rendered for each request, and the JSON-LD (7 KB of a ten-post thread's 55) was work for no reader (issue 14).
  const jsonLd = context.user ? null : qaPageJsonLd(page, { publicUrl });
  // In the HTML once, for crawlers; the browser never reads it (app/utils/server-document.tsx).
  context.document.jsonLd = jsonLd ? scriptSafeJson(jsonLd) : null;
  // The canonical thread a duplicate links to, for everyone; search engines are sent there too.
  const duplicateOf = thread.duplicateOfId ? findThreadLink(context.deps, thread.duplicateOfId) : null;
  const permissions = threadPermissions(context.user, thread, [...(question ? [question] : []), ...(page.accepted ? [page.accepted] : []), ...page.replies], context.deps.clock.now());
  return {
    // Only what the page draws: loader data is written into the HTML a second time, for hydration.
    thread: {
      id: thread.id,
      slug: thread.slug,
      title: thread.title,
      kind: thread.kind,
      status: thread.status,
      pinned: thread.pinned,
      locked: thread.locked,
      lockReason: thread.lockReason,
      categoryId: thread.categoryId,
      authorId: thread.authorId,
      acceptedPostId: thread.acceptedPostId,
      duplicateOfId: thread.duplicateOfId,
      replyCount: thread.replyCount,
      meTooCount: thread.meTooCount,
      createdAt: thread.createdAt,
    },
    category: { slug: page.category.slug, name: page.category.name },
    // Each post's HTML is in the page once, where the post is drawn, not in the loader data as well.
    question: question ? withPostBodiesInDocument(context.document, [question])[0]! : null,
    accepted: page.accepted ? withPostBodiesInDocument(context.document, [page.accepted])[0]! : null,
    replies: withPostBodiesInDocument(context.document, page.replies),
    pagination,
    viewer: page.viewer,
    // Forms post to the page they are on, so a vote or an error comes back to it.
    formAction: threadPagePath(thread, pagination.page),
    canonical: duplicateOf ? `${publicUrl}${threadPagePath(duplicateOf)}` : absolute(pagination.page),
    prev: pagination.page > 1 ? absolute(pagination.page - 1) : null,
    next: pagination.page < pagination.pageCount ? absolute(pagination.page + 1) : null,
    description: question && !question.deleted ? toPlainText(question.bodyHtml).slice(0, 200) : "",
    // Only someone who can answer gets a quote to start from.
    quote: context.user && Number.isInteger(quote) && quote > 0 ? quoteFor(context.deps, quote, { threadId: thread.id }) : "",
    hasJsonLd: jsonLd !== null,
    escalationNotice: getEscalationNotice(context.deps, page.thread, context.user, getSettings(context.deps)),
    // Which forms to draw: decided here, so that the browser carries no permission rules.
    permissions,
    // Where a moderator may move the thread.
    moveTargets: permissions.move ? listCategories(context.deps).map(({ id, name }) => ({ id, name })) : [],
    duplicateOf,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => {
  if (!page) return [pageTitle(matches, "Thread not found")];
  const { page: number } = page.pagination;
  return [
    pageTitle(matches, `${page.thread.title}${number > 1 ? ` — page ${number}` : ""}`),
    { name: "description", content: page.description },
    { tagName: "link", rel: "canonical", href: page.canonical },
    ...(page.prev ? [{ tagName: "link", rel: "prev", href: page.prev }] : []),
    ...(page.next ? [{ tagName: "link", rel: "next", href: page.next }] : []),
    { property: "og:type", content: "article" },
    { property: "og:title", content: page.thread.title },
    { property: "og:description", content: page.description },
    { property: "og:url", content: page.canonical },
    { property: "og:site_name", content: siteNameOf(matches) },
  ];
};

/**
 * One service call per intent; answers the page's forms and fetchers alike, and says where to
 * land: a new reply or an accepted answer on the page that now shows it, anything else back on
 * `here`, the page the form was on.
 */
function runIntent(deps: AppDeps, user: SessionUser, id: number, intent: Exclude<ThreadIntent, { intent: "preview" }>, here: string): string {
  switch (intent.intent) {
    case "reply":
      return locatePost(deps, createReply(deps, user, id, intent).id, user);
    case "vote":
      voteHelpful(deps, user, intent.postId, { threadId: id });
      return `${here}#post-${intent.postId}`;
    case "unvote":
      withdrawHelpful(deps, user, intent.postId, { threadId: id });
      return `${here}#post-${intent.postId}`;
    case "metoo":
      addMeToo(deps, user, id);
      return here;
    case "unmetoo":
      removeMeToo(deps, user, id);
      return here;
    case "accept":
      acceptAnswer(deps, user, intent.postId, { threadId: id });
      return locatePost(deps, intent.postId, user);
    case "unaccept":
      withdrawAcceptance(deps, user, id);
      return here;
    case "delete": {
      const { threadDeleted, categorySlug } = deletePost(deps, user, intent.postId, { threadId: id });
      // A deleted question takes its thread with it: land where it was listed, not on a 404.
      return threadDeleted ? `${categoryPath(categorySlug)}?deleted=thread` : `${here}#post-${intent.postId}`;
    }
    case "follow":
      followThread(deps, user, id);
      return here;
    case "unfollow":
      unfollowThread(deps, user, id);
      return here;
    case "flag":
      flagPost(deps, user, intent.postId, intent, { threadId: id });
      return `${here}#post-${intent.postId}`;
    case "hide":
    case "unhide":
      setPostHidden(deps, user, intent.postId, intent.intent === "hide", { threadId: id });
      return `${here}#post-${intent.postId}`;
    case "lock":
    case "unlock":
      setThreadLocked(deps, user, id, intent.intent === "lock", "reason" in intent ? intent.reason : undefined);
      return here;
    case "pin":
    case "unpin":
      setThreadPinned(deps, user, id, intent.intent === "pin");
      return here;
    case "move":
      moveThread(deps, user, id, intent.categoryId);
      return here;
    case "restore":
      restorePost(deps, user, intent.postId, { threadId: id });
      return `${here}#post-${intent.postId}`;
    case "duplicate":
      closeAsDuplicate(deps, user, id, intent.targetThreadId);
      return here;
    case "reopen":
      reopenDuplicate(deps, user, id);
      return here;
    case "merge": {
      const { targetId } = mergeThread(deps, user, id, intent.targetThreadId);
      // The source's address now redirects; land on the thread the posts went to.
      return threadPagePath(findMergeDestination(deps, id) ?? { id: targetId, slug: "thread" });
    }
  }
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const id = threadId(params);
  const parsed = ThreadIntentSchema.safeParse(formToObject(await readForm(request)));
  if (!parsed.success) return data({ ok: false as const, errors: { form: "That action is not understood." } as Record<string, string>, values: { body: "" }, preview: null }, { status: 400 });
  const intent = parsed.data;
  // The reply form shows its draft back, never more of it than a post takes.
  const draft = echoDraft("body" in intent ? intent.body : "", BODY_MAX);
  const draftErrors: Record<string, string> = draft.error ? { body: draft.error } : {};
  const body = draft.body;
  if (intent.intent === "preview") {
    const { html, error } = draft.error ? { html: null, error: draft.error } : previewMarkdown(body);
    if (error) return data({ ok: false as const, errors: { body: error } as Record<string, string>, values: { body }, preview: null }, { status: 400 });
    return { ok: true as const, errors: {} as Record<string, string>, values: { body }, preview: html };
  }
  try {
    const here = threadPagePath({ id, slug: params.slug ?? "thread" }, pageNumber(request));
    // Most intents land on this very address with `#post-N`, which the client router would take for a
    // mere hash change (no loader run) if anything else had refreshed the page meanwhile: say it changed.
    throw redirect(runIntent(context.deps, user, id, intent, here), { headers: { "X-Remix-Revalidate": "yes" } });
  } catch (error) {
    if (error instanceof Response) throw error;
    const response = serviceErrorToData(error);
    // The post a refused flag was for, so its form shows the errors next to its fields.
    const flaggedPostId = intent.intent === "flag" ? intent.postId : null;
    // A reply refused by the anti-spam limits, or by a database too busy to take it, says when to try
    // again under the answer box, where it was typed.
    const retryLater = error instanceof RateLimited || isDatabaseBusy(error);
    const errors = intent.intent === "reply" && retryLater ? { body: response.data.errors.form ?? "" } : response.data.errors;
    return data({ ...response.data, errors: { ...errors, ...draftErrors }, values: { body }, preview: null, flaggedPostId }, response.init ?? undefined);
  }
}

const STATUS_TEXT: Record<string, string> = { open: "Unanswered", answered: "Answered", solved: "✓ Solved", closed: "Closed" };

export default function ThreadPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const root = useRouteLoaderData<RootData>("root");
  const brandName = root?.site.brandName ?? "Peerdesk";
  const user = root?.user ?? null;
  const { thread, question, accepted, pagination, permissions } = page;
  const firstPage = pagination.page === 1;
  // Page 1 lifts the accepted answer under the question; later pages keep it in its place.
  const others = firstPage ? page.replies.filter((post) => post.id !== accepted?.id) : page.replies;
  const answersKind = thread.kind === "question" || thread.kind === "problem";
  const isAsker = user?.id === thread.authorId;
  const canReply = permissions.reply;
  const pageHref = (n: number) => threadPagePath(thread, n);
  const moderates = permissions.lock || permissions.pin || permissions.merge || page.moveTargets.length > 0;

  const signInHref = user ? undefined : `/auth/sign-in?redirectTo=${encodeURIComponent(page.formAction)}`;
  const actionsFor = (post: Pick<ThreadPagePost, "id">): PostCardActions => {
    const may = permissions.posts[post.id];
    return {
      action: page.formAction,
      quoteHref: `${page.formAction}${firstPage ? "?" : "&"}quote=${post.id}#reply`,
      canVote: !!may?.vote,
      voted: page.viewer.votedPostIds.includes(post.id),
      canAccept: !!may?.accept,
      isAccepted: post.id === thread.acceptedPostId,
      canEdit: !!may?.edit,
      canDelete: !!may?.delete,
      canQuote: canReply,
      canFlag: !!may?.flag,
      flagged: page.viewer.flaggedPostIds.includes(post.id),
      flagErrors: result && "flaggedPostId" in result && result.flaggedPostId === post.id ? result.errors : undefined,
      canHide: !!may?.hide,
      canRestore: !!may?.restore,
      signInHref,
    };
  };
  const flagErrorShown = !!result && "flaggedPostId" in result && result.flaggedPostId !== null;
  const errors: Record<string, string> = flagErrorShown ? {} : (result?.errors ?? {});
  const replyDraft = result?.values.body || page.quote;

  return (
    <div className="thread-page">
      {page.hasJsonLd ? <ServerJsonLd pageKey={`${thread.id}:${pagination.page}`} /> : null}
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <PageLink to="/">Community</PageLink> › <PageLink to={categoryPath(page.category.slug)}>{page.category.name}</PageLink>
      </nav>
      <header className="thread-page__header">
        <div>
          <span className={`kind kind--${thread.kind}`}>{thread.kind}</span>
          {answersKind || thread.status === "closed" ? <span className={`status status--${thread.status}`}>{STATUS_TEXT[thread.status]}</span> : null}
          {thread.pinned ? <span className="tag">Pinned</span> : null}
          {thread.locked ? <span className="tag">Locked</span> : null}
        </div>
        <h1>{thread.title}</h1>
        <p className="muted">
          Asked <RelativeTime at={thread.createdAt} /> · {thread.replyCount} {thread.replyCount === 1 ? "reply" : "replies"}
        </p>
        {accepted ? (
          <p>
            <a href={firstPage ? `#post-${accepted.id}` : postPath(thread, accepted)} className="jump-link">
              Jump to the answer ↓
            </a>
          </p>
        ) : null}
        <div className="thread-page__tools">
          {answersKind ? (
            permissions.meToo ? (
              <MeTooButton action={page.formAction} active={page.viewer.meToo} count={thread.meTooCount} />
            ) : (
              <StaticCount label="Me too" count={thread.meTooCount} signInHref={signInHref} />
            )
          ) : null}
          {user ? <FollowButton action={page.formAction} following={page.viewer.following} /> : null}
        </div>
      </header>
      {thread.locked ? (
        <p className="notice" role="status">
          Locked by moderators{thread.lockReason ? `: ${thread.lockReason}` : "."}
        </p>
      ) : null}
      {page.duplicateOf ? (
        <p className="notice" role="status">
          Closed as a duplicate of <PageLink to={threadPagePath(page.duplicateOf)}>{page.duplicateOf.title}</PageLink>: the answers are there.
        </p>
      ) : null}
      {moderates ? (
        <ModeratorTools
          thread={thread}
          action={page.formAction}
          moveTargets={page.moveTargets}
          canLock={permissions.lock}
          canPin={permissions.pin}
          canMerge={permissions.merge}
          errors={errors}
        />
      ) : null}
      {errors.form ? <FormError error={errors.form} /> : null}
      <PageNav label="Pages of this thread, top" page={pagination.page} pageCount={pagination.pageCount} href={pageHref} />

      {firstPage ? (
        <>
          {question ? <PostCard post={question} actions={actionsFor(question)} brandName={brandName} /> : null}
          {page.escalationNotice ? <EscalationNotice notice={page.escalationNotice} /> : null}
          {accepted ? <AcceptedAnswer post={accepted} actions={actionsFor(accepted)} brandName={brandName} /> : null}
        </>
      ) : question ? (
        <p className="thread-page__question-link">
          <PageLink to={`${pageHref(1)}#post-${question.id}`}>↑ Read the question</PageLink>
        </p>
      ) : null}

      {/* Mail links here (#answers); no "Other replies (0)" heading over nothing when the only reply solved it. */}
      <section id="answers" aria-labelledby={others.length || !accepted ? "answers-heading" : undefined} className="answers">
        {others.length || !accepted ? (
          <h2 id="answers-heading">
            {accepted ? "Other replies" : "Replies"} ({thread.replyCount - (accepted ? 1 : 0)})
            {pagination.pageCount > 1 ? `, page ${pagination.page} of ${pagination.pageCount}` : null}
          </h2>
        ) : null}
        {others.length === 0 && !accepted ? <p className="empty">No replies yet.</p> : null}
        {others.map((post) =>
          post.id === accepted?.id ? (
            <AcceptedAnswer key={post.id} post={post} actions={actionsFor(post)} brandName={brandName} />
          ) : (
            <PostCard key={post.id} post={post} actions={actionsFor(post)} brandName={brandName} />
          ),
        )}
      </section>
      <PageNav label="Pages of this thread" page={pagination.page} pageCount={pagination.pageCount} href={pageHref} />

      <section id="reply" aria-labelledby="reply-heading" className="reply">
        {/* The asker adds to their own question; everyone else answers it. */}
        <h2 id="reply-heading">{isAsker ? "Add details or reply" : "Write an answer"}</h2>
        {canReply ? (
          <ReplyForm
            action={page.formAction}
            draft={replyDraft}
            quote={page.quote}
            error={errors.body}
            previewHtml={result?.preview ?? null}
            refused={result?.ok === false}
            asker={isAsker}
          />
        ) : thread.locked ? (
          <p className="muted">This thread is locked: no new replies{thread.lockReason ? ` (${thread.lockReason})` : ""}.</p>
        ) : page.duplicateOf ? (
          <p className="muted">
            This thread is closed as a duplicate: answer in <PageLink to={threadPagePath(page.duplicateOf)}>{page.duplicateOf.title}</PageLink>.
          </p>
        ) : user ? (
          <p className="muted">Your account cannot post right now.</p>
        ) : (
          <p>
            <PageLink to={`/auth/sign-in?redirectTo=${encodeURIComponent(page.formAction)}`}>Sign in</PageLink> to answer.
          </p>
        )}
      </section>
    </div>
  );
}
