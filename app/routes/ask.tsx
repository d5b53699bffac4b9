import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";
import { requireUser } from "~/auth/guards.server";
import { FormError, TextField } from "~/components/field";
import { MarkdownEditor } from "~/components/markdown-editor";
import { RobotCheckFields } from "~/components/robot-check-fields";
import { FORM_STAMP_FIELD, HONEYPOT_FIELD } from "~/domain/anti-spam";
import { checkFormStart, issueFormStamp, renewFormStamp } from "~/services/form-guard.server";
import { SimilarThreads } from "~/components/similar-threads";
import { isAskSessionId, issueAskSession, markAskSessionPosted } from "~/services/ask-sessions.server";
import { suggestSimilarThreads } from "~/services/search.server";
import { listOpenCategories } from "~/services/categories.server";
import { createThread } from "~/services/threads.server";
import { BODY_MAX, THREAD_KINDS, TITLE_MAX } from "~/domain/threads";
import { echoDraft, echoField, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { previewMarkdown } from "~/utils/markdown-preview.server";
import { threadPagePath, pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Ask the community")];

// An ask refused by the anti-spam limits answers 429; its Retry-After must reach the document response.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

// Longer than any category's slug: enough to show back a choice, never a huge value.
const CATEGORY_SLUG_MAX = 100;

const KIND_HELP: Record<string, string> = {
  question: "Question — you want to know how to do something",
  problem: "Problem — something is broken",
  idea: "Idea — a suggestion for the product",
  praise: "Praise — something went well",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const params = new URL(request.url).searchParams;
  // Similar threads (search/, issue 5): one ask session per visit, issued here, for the deflection figure.
  const askSession = issueAskSession(context.deps, { requested: params.get("askSession"), userId: user.id });
  const title = (params.get("title") ?? "").slice(0, TITLE_MAX);
  return {
    askSession,
    formStamp: issueFormStamp(context.deps, "ask"),
    suggestions: await suggestSimilarThreads(context.deps, { title, askSessionId: askSession, userId: user.id }),
    categories: listOpenCategories(context.deps).map(({ slug, name }) => ({ slug, name })),
    // A prefilled ask (from search, the widget or a category page) starts from these.
    values: {
      category: params.get("category") ?? "",
      kind: params.get("kind") ?? "question",
      title: (params.get("title") ?? "").slice(0, TITLE_MAX),
      body: params.get("body") ?? "",
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = formToObject(await readForm(request));
  const input = { category: form.category ?? "", kind: form.kind ?? "question", title: form.title ?? "", body: form.body ?? "" };
  // What the form shows back: never more than each field takes.
  const draft = echoDraft(input.body, BODY_MAX);
  const values = {
    category: echoField(input.category, CATEGORY_SLUG_MAX),
    kind: (THREAD_KINDS as readonly string[]).includes(input.kind) ? input.kind : "question",
    title: echoField(input.title, TITLE_MAX),
    body: draft.body,
  };
  const draftErrors: Record<string, string> = draft.error ? { body: draft.error } : {};
  // Without JavaScript the page is rendered anew after a preview or an error: it keeps its session.
  const askSession = isAskSessionId(form.askSession) ? form.askSession : null;
  const formStamp = renewFormStamp(context.deps, "ask", form[FORM_STAMP_FIELD]);
  if (form.intent === "preview") {
    const { html, error } = draft.error ? { html: null, error: draft.error } : previewMarkdown(values.body);
    return data({ errors: (error ? { body: error } : {}) as Record<string, string>, values, preview: html, askSession, formStamp }, { status: error ? 400 : 200 });
  }
  try {
    checkFormStart(context.deps, "ask", { stamp: form[FORM_STAMP_FIELD], honeypot: form[HONEYPOT_FIELD], actor: user });
    const thread = createThread(context.deps, user, input);
    markAskSessionPosted(context.deps, { askSessionId: form.askSession, threadId: thread.id, userId: user.id });
    return redirect(threadPagePath(thread));
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ errors: { ...response.data.errors, ...draftErrors }, values, preview: null as string | null, askSession, formStamp }, response.init ?? undefined);
  }
}

// The form's own posts change nothing the loader reads; re-running it would issue a session the page never uses.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" ? false : defaultShouldRevalidate;

export default function Ask() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Kept for the page's life: revalidation must not start a new visit.
  const [askSession] = useState(result?.askSession ?? loaded.askSession);
  const formStamp = result?.formStamp ?? loaded.formStamp;
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? loaded.values;
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="ask-page">
      <h1>Ask the community</h1>
      <Form method="post" className="stack" noValidate>
        <FormError error={errors.form} />
        <div className={`field${errors.category ? " field--invalid" : ""}`}>
          <label htmlFor="field-category">Category</label>
          <select
            id="field-category"
            name="category"
            defaultValue={values.category}
            aria-invalid={errors.category ? true : undefined}
            aria-describedby={errors.category ? "field-category-error" : undefined}
          >
            <option value="">Choose a category…</option>
            {loaded.categories.map((category) => (
              <option key={category.slug} value={category.slug}>
                {category.name}
              </option>
            ))}
          </select>
          {errors.category ? (
            <p className="field__error" id="field-category-error" role="alert">
              {errors.category}
            </p>
          ) : null}
        </div>
        <fieldset className={`field kind-picker${errors.kind ? " field--invalid" : ""}`}>
          <legend>Kind</legend>
          {THREAD_KINDS.map((kind) => (
            <label key={kind} className="kind-picker__option">
              <input type="radio" name="kind" value={kind} defaultChecked={values.kind === kind} /> {KIND_HELP[kind]}
            </label>
          ))}
          {errors.kind ? (
            <p className="field__error" role="alert">
              {errors.kind}
            </p>
          ) : null}
        </fieldset>
        <TextField label="Title" name="title" defaultValue={values.title} error={errors.title} maxLength={TITLE_MAX} hint={`Up to ${TITLE_MAX} characters: say what you need in one line.`} />
        <input type="hidden" name="askSession" value={askSession} />
        <RobotCheckFields stamp={formStamp} />
        <SimilarThreads askSession={askSession} initial={loaded.suggestions} />
        <MarkdownEditor label="Details" defaultValue={values.body} error={errors.body} previewHtml={result?.preview ?? null} rows={12} />
        <div>
          <button type="submit" name="intent" value="post" className="button" disabled={busy}>
            {busy ? "Posting…" : "Post to the community"}
          </button>
        </div>
      </Form>
    </section>
  );
}
