import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormError, TextField } from "~/components/field";
import { MarkdownEditor } from "~/components/markdown-editor";
import { RevisionList } from "~/components/revision-list";
import { MODERATION_REASON_MAX } from "~/domain/moderation";
import { BODY_MAX, TITLE_MAX } from "~/domain/threads";
import { editPost, getPostForEdit } from "~/services/posts.server";
import { echoDraft, echoField, formToObject, readForm } from "~/utils/forms";
import { forbidden, serviceErrorToData } from "~/utils/http.server";
import { previewMarkdown } from "~/utils/markdown-preview.server";
import { postPath, pageTitle } from "~/components/common";
import { IdParamsSchema } from "~/schemas/params.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Edit post")];

function postId(params: LoaderFunctionArgs["params"]) {
  const parsed = IdParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("No such post", { status: 404 });
  return parsed.data.id;
}

export function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  try {
    const { post, thread, revisions } = getPostForEdit(context.deps, postId(params));
    if (!can(user, "editPost", { authorId: post.authorId })) forbidden("Only the author or a moderator can edit this post.");
    // A moderator editing someone else's post says why; the reason stays in the revision history.
    const needsReason = post.authorId !== user.id;
    return { post: { id: post.id, position: post.position, bodyMd: post.bodyMd }, thread, postHref: postPath(thread, post), revisions, needsReason };
  } catch (error) {
    if (error instanceof Response) throw error;
    throw serviceErrorToData(error);
  }
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const id = postId(params);
  const form = formToObject(await readForm(request));
  const input = { body: form.body ?? "", title: form.title, reason: form.reason };
  // What the form shows back: never more than each field takes.
  const draft = echoDraft(input.body, BODY_MAX);
  const draftErrors: Record<string, string> = draft.error ? { body: draft.error } : {};
  const values = {
    body: draft.body,
    title: input.title === undefined ? undefined : echoField(input.title, TITLE_MAX),
    reason: echoField(input.reason ?? "", MODERATION_REASON_MAX),
  };
  if (form.intent === "preview") {
    const { html, error } = draft.error ? { html: null, error: draft.error } : previewMarkdown(values.body);
    return data({ errors: (error ? { body: error } : {}) as Record<string, string>, values, preview: html }, { status: error ? 400 : 200 });
  }
  try {
    const post = editPost(context.deps, user, id, input);
    const { thread } = getPostForEdit(context.deps, post.id);
    return redirect(postPath(thread, post));
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ errors: { ...response.data.errors, ...draftErrors }, values, preview: null as string | null }, response.init ?? undefined);
  }
}

export default function EditPost() {
  const { post, thread, postHref, revisions, needsReason } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="edit-page">
      <h1>Edit {post.position === 1 ? "question" : "post"}</h1>
      <p>
        In <Link to={postHref}>{thread.title}</Link>
      </p>
      <Form method="post" className="stack" noValidate>
        <FormError error={errors.form} />
        {post.position === 1 ? (
          <TextField label="Title" name="title" defaultValue={result?.values.title ?? thread.title} error={errors.title} maxLength={TITLE_MAX} />
        ) : null}
        <MarkdownEditor label="Text" defaultValue={result?.values.body ?? post.bodyMd} error={errors.body} previewHtml={result?.preview ?? null} />
        {needsReason ? (
          <TextField
            label="Reason for editing (kept in the revision history)"
            name="reason"
            defaultValue={result?.values.reason ?? ""}
            error={errors.reason}
            maxLength={MODERATION_REASON_MAX}
          />
        ) : null}
        <div>
          <button type="submit" name="intent" value="save" className="button">
            Save edit
          </button>
        </div>
      </Form>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Revision history</h2>
        <RevisionList revisions={revisions} />
      </section>
    </section>
  );
}
