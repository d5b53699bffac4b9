import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FormError, TextField } from "~/components/field";
import { WEBHOOK_EVENT_NAMES } from "~/domain/webhooks";
import { listDeliveries, listWebhooks, registerWebhook, removeWebhook } from "~/services/webhooks.server";
import { readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import escalationStyles from "~/styles/escalation.css";
import { pageTitle } from "~/components/common";
import { IdParamsSchema } from "~/schemas/params.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: escalationStyles }];

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Webhooks")];

export function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "admin");
  const allowPrivate = context.deps.env.WEBHOOKS_ALLOW_PRIVATE === "on";
  return { webhooks: listWebhooks(context.deps), deliveries: listDeliveries(context.deps), allowPrivate };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, "admin");
  const form = await readForm(request);
  const values = { url: String(form.get("url") ?? ""), secret: String(form.get("secret") ?? ""), events: form.getAll("events").map(String) };
  try {
    if (form.get("intent") === "remove") {
      removeWebhook(context.deps, user, IdParamsSchema.parse({ id: form.get("id") }).id);
      return { ok: true as const, created: null, errors: {} as Record<string, string>, values: null };
    }
    const hook = registerWebhook(context.deps, user, values as Parameters<typeof registerWebhook>[2]);
    // The secret is shown once, right after it is set, as payment providers do.
    return { ok: true as const, created: { url: hook.url, secret: hook.secret }, errors: {} as Record<string, string>, values: null };
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ ok: false as const, created: null, errors: response.data.errors, values }, response.init ?? undefined);
  }
}

export default function AdminWebhooks() {
  const { webhooks, deliveries, allowPrivate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values;
  return (
    <section className="admin">
      <p>
        <Link to="/admin/settings">← Admin settings</Link>
      </p>
      <h1>Webhooks</h1>
      <p className="muted">
        Each delivery is a JSON POST signed with your secret: the <code>X-Peerdesk-Signature</code> header is <code>t=</code> (Unix seconds),{" "}
        <code>v1=</code> the hex HMAC-SHA256 of <code>{"<t>.<raw body>"}</code>; refuse one whose time is more than 5 minutes off. Failed deliveries
        are retried with exponential backoff; redirects are not followed.
      </p>
      <p className="muted">
        {allowPrivate
          ? "This server lets webhooks reach private and loopback addresses (WEBHOOKS_ALLOW_PRIVATE=on)."
          : "Endpoints must be public: addresses on private networks, loopback and link-local (cloud metadata) are refused, checked again after DNS at every delivery. The server's operator can allow an intranet receiver with WEBHOOKS_ALLOW_PRIVATE=on."}
      </p>
      {result?.created ? (
        <div className="notice notice--ok" role="status">
          <p>
            Added {result.created.url}. Its secret (shown only now): <code>{result.created.secret}</code>
          </p>
        </div>
      ) : null}

      <h2 id="add-heading">Add an endpoint</h2>
      <Form method="post" className="stack narrow" aria-labelledby="add-heading" noValidate>
        <FormError error={errors.form} />
        <TextField label="URL" name="url" type="url" placeholder="https://example.com/hooks/peerdesk" defaultValue={values?.url} error={errors.url} required />
        <TextField label="Secret" name="secret" autoComplete="off" hint="Leave blank to generate one." defaultValue={values?.secret} error={errors.secret} />
        <fieldset className={errors.events ? "field--invalid" : undefined} aria-describedby={errors.events ? "events-error" : undefined}>
          <legend>Events</legend>
          {WEBHOOK_EVENT_NAMES.map((event) => (
            <label key={event} className="checkbox">
              <input type="checkbox" name="events" value={event} defaultChecked={values ? values.events.includes(event) : event === "thread.escalated"} /> {event}
            </label>
          ))}
          {errors.events ? (
            <p className="field__error" id="events-error" role="alert">
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" name="intent" value="add" className="button">
          Add webhook
        </button>
      </Form>

      <h2>Endpoints</h2>
      {webhooks.length === 0 ? (
        <p className="empty">No webhooks yet.</p>
      ) : (
        <ul className="webhook-list">
          {webhooks.map((hook) => (
            <li key={hook.id}>
              <code>{hook.url}</code> — {hook.events.join(", ")}
              <Form method="post" className="inline-form">
                <input type="hidden" name="id" value={hook.id} />
                <button type="submit" name="intent" value="remove" className="button button--quiet" aria-label={`Remove ${hook.url}`}>
                  Remove
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}

      <h2 id="log-heading">Delivery log</h2>
      {deliveries.length === 0 ? (
        <p className="empty">Nothing delivered yet.</p>
      ) : (
        <table className="delivery-log" aria-labelledby="log-heading">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Event</th>
              <th scope="col">Attempt</th>
              <th scope="col">Result</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} className={d.ok ? undefined : "delivery--failed"}>
                <td>{new Date(d.createdAt).toISOString().slice(0, 19).replace("T", " ")}</td>
                <td>
                  <code>{d.url}</code>
                </td>
                <td>{d.event}</td>
                <td>{d.attempt}</td>
                <td>{d.ok ? `Delivered (${d.statusCode})` : d.error?.startsWith("Refused") ? `${d.error}, not sent` : `Failed: ${d.error ?? d.statusCode}`}</td>
                <td>{d.durationMs} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
