import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { CategoryEscalationFields } from "~/components/category-escalation-fields";
import { FormError, TextAreaField, TextField } from "~/components/field";
import { CategoryEscalationFormSchema } from "~/schemas/admin-settings.server";
import { CategoryIdSchema } from "~/schemas/categories.server";
import { createCategory, deleteCategory, listCategoriesForAdmin, moveCategory, setCategoryArchived, updateCategory } from "~/services/category-admin.server";
import { updateCategoryEscalation } from "~/services/escalation-settings.server";
import { getSettings } from "~/services/settings.server";
import { fieldErrors, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle, categoryPath } from "~/components/common";
import { CategoryAdminIntentSchema } from "~/schemas/categories.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Categories — Admin")];

export function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "admin");
  return {
    categories: listCategoriesForAdmin(context.deps),
    defaultMinutes: getSettings(context.deps).defaultEscalationMinutes,
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, "admin");
  const form = formToObject(await readForm(request));
  const intent = CategoryAdminIntentSchema.safeParse(form.intent);
  const fail = (errors: Record<string, string>, status = 400) =>
    data({ intent: intent.data ?? "", categoryId: form.categoryId ?? "", errors, values: form }, { status });
  if (!intent.success) return fail({ form: "Unknown form" });
  const id = intent.data === "create" ? 0 : CategoryIdSchema.safeParse(form.categoryId).data;
  if (id === undefined) return fail({ form: "No such category" });
  try {
    switch (intent.data) {
      case "create":
        createCategory(context.deps, user, form);
        break;
      case "update":
        updateCategory(context.deps, user, id, form);
        break;
      case "up":
      case "down":
        moveCategory(context.deps, user, id, intent.data);
        break;
      case "archive":
      case "unarchive":
        setCategoryArchived(context.deps, user, id, intent.data === "archive");
        break;
      case "delete":
        deleteCategory(context.deps, user, id);
        break;
      case "escalation": {
        const parsed = CategoryEscalationFormSchema.safeParse(form);
        if (!parsed.success) return fail(fieldErrors(parsed.error));
        updateCategoryEscalation(context.deps, user, parsed.data);
        break;
      }
    }
  } catch (error) {
    const response = serviceErrorToData(error);
    return fail(response.data.errors, response.init?.status);
  }
  throw redirect(`/admin/categories?saved=${intent.data}`);
}

const SAVED: Record<string, string> = {
  create: "Category created.",
  update: "Category saved.",
  up: "Order saved.",
  down: "Order saved.",
  archive: "Category archived.",
  unarchive: "Category restored.",
  delete: "Category deleted.",
  escalation: "Escalation saved.",
};

type Category = ReturnType<typeof useLoaderData<typeof loader>>["categories"][number];

function CategoryItem({ category, first, last, defaultMinutes, result }: { category: Category; first: boolean; last: boolean; defaultMinutes: number; result: ReturnType<typeof useActionData<typeof action>> }) {
  const own = result && result.categoryId === String(category.id) ? result : undefined;
  const errorsOf = (...intents: string[]) => (own && intents.includes(own.intent) ? own.errors : {});
  const edit = { errors: errorsOf("update"), values: own?.intent === "update" ? own.values : undefined };
  const esc = { errors: errorsOf("escalation"), values: own?.intent === "escalation" ? own.values : undefined };
  const actionErrors = errorsOf("up", "down", "archive", "unarchive", "delete");
  const key = `c${category.id}`;
  const headingId = `${key}-heading`;
  return (
    <li aria-labelledby={headingId}>
      <h3 id={headingId}>
        {category.color ? <span className="colour-swatch" style={{ background: category.color }} aria-hidden="true" /> : null}
        <Link to={categoryPath(category.slug)}>{category.name}</Link>
        {category.archivedAt ? <span className="tag"> Archived</span> : null}
      </h3>
      <p className="muted">
        {category.threads} thread{category.threads === 1 ? "" : "s"} · address /c/{category.slug}
      </p>
      <FormError error={actionErrors.form} />
      <div className="admin-row-actions">
        <Form method="post">
          <input type="hidden" name="categoryId" value={category.id} />
          <button type="submit" name="intent" value="up" className="button button--quiet" disabled={first} aria-label={`Move ${category.name} up`}>
            ↑ Up
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="categoryId" value={category.id} />
          <button type="submit" name="intent" value="down" className="button button--quiet" disabled={last} aria-label={`Move ${category.name} down`}>
            ↓ Down
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="categoryId" value={category.id} />
          <button type="submit" name="intent" value={category.archivedAt ? "unarchive" : "archive"} className="button button--quiet">
            {category.archivedAt ? `Restore ${category.name}` : `Archive ${category.name}`}
          </button>
        </Form>
        {category.threads === 0 ? (
          <Form method="post">
            <input type="hidden" name="categoryId" value={category.id} />
            <button type="submit" name="intent" value="delete" className="button button--quiet">
              Delete {category.name}
            </button>
          </Form>
        ) : null}
      </div>
      <details open={!!own && (own.intent === "update" || own.intent === "escalation")}>
        <summary>Edit {category.name}</summary>
        <Form method="post" className="stack narrow">
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="categoryId" value={category.id} />
          <FormError error={edit.errors.form} />
          <TextField label="Name" name="name" id={`${key}-name`} defaultValue={edit.values?.name ?? category.name} error={edit.errors.name} />
          <TextAreaField label="Description" name="description" id={`${key}-description`} rows={2} defaultValue={edit.values?.description ?? category.description} error={edit.errors.description} />
          <TextField label="Colour" name="color" id={`${key}-color`} hint="A hex colour like #0a66c2, or blank." defaultValue={edit.values?.color ?? category.color ?? ""} error={edit.errors.color} />
          <button type="submit" className="button">Save {category.name}</button>
        </Form>
        <Form method="post" className="stack narrow">
          <input type="hidden" name="intent" value="escalation" />
          <input type="hidden" name="categoryId" value={category.id} />
          <FormError error={esc.errors.form} />
          <CategoryEscalationFields
            idPrefix={`${key}-escalation`}
            minutes={esc.values?.minutes ?? category.escalateAfterMinutes?.toString() ?? ""}
            clock={category.escalationClock}
            enabled={category.escalationEnabled}
            defaultMinutes={defaultMinutes}
            error={esc.errors.minutes}
          />
          <button type="submit" className="button button--quiet">Save escalation for {category.name}</button>
        </Form>
      </details>
    </li>
  );
}

export default function AdminCategories() {
  const { categories, defaultMinutes, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const create = { errors: result?.intent === "create" ? result.errors : {}, values: result?.intent === "create" ? result.values : {} };
  return (
    <section className="admin">
      <h1>Categories</h1>
      {saved && SAVED[saved] ? (
        <p className="notice notice--ok" role="status">
          {SAVED[saved]}
        </p>
      ) : null}
      {result && !result.intent ? <FormError error={result.errors.form} /> : null}
      <p className="muted">
        A category that holds threads cannot be deleted, only archived: archived categories leave the home page and the ask form, and their threads stay readable.
      </p>
      <h2 id="new-category-heading">New category</h2>
      <Form method="post" className="stack narrow" aria-labelledby="new-category-heading">
        <input type="hidden" name="intent" value="create" />
        <FormError error={create.errors.form} />
        <TextField label="Name" name="name" defaultValue={create.values.name ?? ""} error={create.errors.name} />
        <TextAreaField label="Description" name="description" rows={2} defaultValue={create.values.description ?? ""} error={create.errors.description} />
        <TextField label="Colour" name="color" hint="A hex colour like #0a66c2, or blank." defaultValue={create.values.color ?? ""} error={create.errors.color} />
        <button type="submit" className="button">Create category</button>
      </Form>
      <h2 id="categories-heading">All categories</h2>
      {categories.length === 0 ? <p>No categories yet: create the first one above.</p> : null}
      <ol className="admin-list" aria-labelledby="categories-heading">
        {categories.map((category, i) => (
          <CategoryItem key={category.id} category={category} first={i === 0} last={i === categories.length - 1} defaultMinutes={defaultMinutes} result={result} />
        ))}
      </ol>
    </section>
  );
}
