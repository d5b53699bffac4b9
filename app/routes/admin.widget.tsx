import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TableScroll } from "~/components/table-scroll";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireRole } from "~/auth/guards.server";
import { FormError, TextAreaField } from "~/components/field";
import { listCategories } from "~/services/categories.server";
import { getSettings, updateSettings } from "~/services/settings.server";
import { formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { buildWidgetSnippet, WIDGET_OPTIONS } from "~/utils/widget-snippet";
import widgetStylesUrl from "~/styles/widget.css";
import { pageTitle } from "~/components/common";
import { WidgetSnippetQuerySchema } from "~/schemas/widget.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: widgetStylesUrl }];

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Help widget — Admin")];

export function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "admin");
  const options = WidgetSnippetQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const settings = getSettings(context.deps);
  const snippetOptions = { ...options, color: options.color ?? settings.brandColor };
  return {
    origins: settings.widgetOrigins,
    categories: listCategories(context.deps).map(({ slug, name }) => ({ slug, name })),
    options: snippetOptions,
    snippet: buildWidgetSnippet(context.deps.env.PUBLIC_URL, snippetOptions),
  };
}

/** One origin per line (commas and spaces also separate them). */
const splitOrigins = (text: string) => text.split(/[\s,]+/).filter(Boolean);

export async function action({ request, context }: ActionFunctionArgs) {
  requireRole(context, request, "admin");
  const form = formToObject(await readForm(request));
  const text = form.origins ?? "";
  try {
    const saved = updateSettings(context.deps, { widgetOrigins: splitOrigins(text) });
    return data({ ok: true as const, errors: {} as Record<string, string>, text: saved.widgetOrigins.join("\n") });
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ ...response.data, text }, response.init ?? undefined);
  }
}

function CopyButton({ text }: { text: string }) {
  const [hydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return null;
  return (
    <button
      type="button"
      className="button button--quiet"
      onClick={() => navigator.clipboard.writeText(text).then(() => setCopied(true), () => setCopied(false))}
    >
      {copied ? "Copied" : "Copy snippet"}
    </button>
  );
}

export default function AdminWidget() {
  const { origins, categories, options, snippet } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section className="admin-widget stack">
      <h1>Help widget</h1>
      <p>
        Brands add one script tag to their pages; their customers get a help button that searches this community,
        shows answers and leads to asking.
      </p>

      <h2>Allowed origins</h2>
      <Form method="post" className="stack" noValidate>
        <FormError error={errors.form} />
        <TextAreaField
          label="Sites allowed to show the widget"
          name="origins"
          rows={5}
          hint="One origin per line, exactly as the browser shows it: https://www.brand.com (no path). Only these may frame the widget and read the search API."
          defaultValue={result?.text ?? origins.join("\n")}
          key={result?.ok ? result.text : "origins"}
          error={errors.widgetOrigins}
        />
        <div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Saving…" : "Save origins"}
          </button>
          {result?.ok ? (
            <span role="status" className="admin-widget__saved">
              {" "}
              Saved.
            </span>
          ) : null}
        </div>
      </Form>

      <h2>Install snippet</h2>
      <Form method="get" className="admin-widget__options">
        <div className="field">
          <label htmlFor="snippet-category">Category</label>
          <select id="snippet-category" name="category" defaultValue={options.category ?? ""}>
            <option value="">Any category</option>
            {categories.map((category) => (
              <option key={category.slug} value={category.slug}>
                {category.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="snippet-title">Title</label>
          <input id="snippet-title" name="title" defaultValue={options.title ?? ""} placeholder="Need help?" maxLength={80} />
        </div>
        <div className="field">
          <label htmlFor="snippet-color">Accent colour</label>
          <input id="snippet-color" name="color" type="color" defaultValue={options.color} />
        </div>
        <div className="field">
          <label htmlFor="snippet-position">Position</label>
          <select id="snippet-position" name="position" defaultValue={options.position ?? "right"}>
            <option value="right">Bottom right</option>
            <option value="left">Bottom left</option>
          </select>
        </div>
        <button type="submit" className="button button--quiet">
          Update snippet
        </button>
      </Form>
      <p>Paste this just before the closing &lt;/body&gt; tag of every page that should show the help button:</p>
      <pre className="admin-widget__snippet" tabIndex={0} aria-label="Install snippet">
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} />

      <h2>Options</h2>
      <TableScroll label="Widget options">
        <table className="admin-widget__table">
          <thead>
            <tr>
              <th scope="col">Attribute</th>
              <th scope="col">Values</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {WIDGET_OPTIONS.map((option) => (
              <tr key={option.attribute}>
                <td>
                  <code>{option.attribute}</code>
                </td>
                <td>{option.values}</td>
                <td>{option.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>An unknown value falls back to its default, with a warning in the browser console.</p>

      <h2>JavaScript API</h2>
      <pre className="admin-widget__snippet" tabIndex={0} aria-label="JavaScript API example">
        <code>{`// The script loads async: wait for it if your code may run first.
window.addEventListener("peerdesk:ready", () => { /* window.Peerdesk is there */ });
Peerdesk.open();                          // open the widget
Peerdesk.open({ query: "double charge" }); // open it searching for this
Peerdesk.close();                         // close it; focus returns where it was`}</code>
      </pre>
    </section>
  );
}
