import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FormError } from "~/components/field";
import { ServiceLevelTable } from "~/components/service-level-table";
import { QueueIntentSchema } from "~/schemas/staff-queue.server";
import { QUEUE_TABS, type QueueTab } from "~/domain/staff-queue";
import { getServiceLevels } from "~/services/service-levels.server";
import { claimEscalation, listStaffQueue, releaseEscalation, resolveEscalation } from "~/services/staff-queue.server";
import { formatDuration } from "~/utils/durations";
import { formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import escalationStyles from "~/styles/escalation.css";
import { threadPagePath, pageTitle } from "~/components/common";
import { QueueTabSchema } from "~/schemas/staff-queue.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: escalationStyles }];

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Staff queue")];

const TAB_LABELS: Record<QueueTab, string> = { flagged: "Needs staff", due: "Due soon", resolved: "Handled today" };

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "staff");
  const tab = QueueTabSchema.parse(new URL(request.url).searchParams.get("tab") ?? undefined);
  const now = context.deps.clock.now().getTime();
  const rows = listStaffQueue(context.deps, user, tab).map((row) => ({
    ...row,
    age: formatDuration(now - row.createdAt.getTime()),
    overdue: row.dueAt && !row.resolvedAt ? formatDuration(Math.abs(now - row.dueAt.getTime())) : null,
    mine: row.claimedById === user.id,
  }));
  return { tab, rows, levels: getServiceLevels(context.deps) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, "staff");
  const parsed = QueueIntentSchema.safeParse(formToObject(await readForm(request)));
  if (!parsed.success) return data({ ok: false as const, threadId: 0, errors: { form: "That action is not available." } }, { status: 400 });
  const intent = parsed.data;
  try {
    if (intent.intent === "claim") claimEscalation(context.deps, user, intent.threadId);
    else if (intent.intent === "release") releaseEscalation(context.deps, user, intent.threadId);
    else resolveEscalation(context.deps, user, intent.threadId, intent.reason);
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ ...response.data, threadId: intent.threadId }, response.init ?? undefined);
  }
  throw redirect(new URL(request.url).pathname + new URL(request.url).search);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

function QueueRow({ row, tab, error }: { row: Row; tab: QueueTab; error?: Record<string, string> }) {
  const busy = useNavigation().state === "submitting";
  return (
    <li className="queue-row">
      <div className="queue-row__main">
        <Link to={threadPagePath(row)} className="queue-row__title">
          {row.title}
        </Link>
        <p className="queue-row__meta">
          {row.category} · asked {row.age} ago
          {tab === "flagged" && row.overdue ? <> · <strong>overdue by {row.overdue}</strong></> : null}
          {tab === "due" && row.overdue ? <> · due in {row.overdue}</> : null}
          {" · "}
          {row.meTooCount} “me too” · {row.replyCount} {row.replyCount === 1 ? "reply" : "replies"}
        </p>
        <p className="queue-row__meta">
          {tab === "resolved"
            ? `Handled by ${row.resolvedByName ?? "someone"}: ${row.resolution === "responded" ? "answered in the thread" : row.resolution}`
            : row.claimedByName
              ? `Claimed by ${row.mine ? "you" : row.claimedByName}`
              : tab === "flagged"
                ? "Not claimed"
                : null}
        </p>
        {error ? <FormError error={error.form ?? error.reason} /> : null}
      </div>
      {tab === "flagged" ? (
        <div className="queue-row__actions">
          <Form method="post">
            <input type="hidden" name="threadId" value={row.id} />
            {row.mine ? (
              <button type="submit" name="intent" value="release" className="button button--quiet" disabled={busy}>
                Release
              </button>
            ) : (
              <button type="submit" name="intent" value="claim" className="button" disabled={busy}>
                {row.claimedById ? "Claim" : "Claim (assign to me)"}
              </button>
            )}
          </Form>
          <details>
            <summary>Mark resolved</summary>
            <Form method="post" className="stack">
              <input type="hidden" name="threadId" value={row.id} />
              <label htmlFor={`reason-${row.id}`}>Reason</label>
              <input id={`reason-${row.id}`} name="reason" required minLength={3} maxLength={500} placeholder="e.g. Duplicate of a known outage thread" />
              <button type="submit" name="intent" value="resolve" className="button button--quiet" disabled={busy}>
                Resolve
              </button>
            </Form>
          </details>
        </div>
      ) : null}
    </li>
  );
}

export default function StaffQueue() {
  const { tab, rows, levels } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? (result.errors as Record<string, string>) : undefined;
  return (
    <section>
      <h1>Staff queue</h1>
      <nav aria-label="Queue tabs" className="tabs">
        {QUEUE_TABS.map((name) => (
          <Link key={name} to={`?tab=${name}`} aria-current={name === tab ? "page" : undefined} className="tabs__tab">
            {TAB_LABELS[name]}
          </Link>
        ))}
      </nav>
      {errors && !rows.some((row) => row.id === result?.threadId) ? <FormError error={errors.form} /> : null}
      {rows.length === 0 ? (
        <p className="empty">
          {tab === "flagged" ? "Nothing waits for staff. The community has it covered." : tab === "due" ? "Nothing is due soon." : "Nothing handled yet today."}
        </p>
      ) : (
        <ul className="queue" aria-label={TAB_LABELS[tab]}>
          {rows.map((row) => (
            <QueueRow key={row.id} row={row} tab={tab} error={result?.threadId === row.id ? errors : undefined} />
          ))}
        </ul>
      )}
      <ServiceLevelTable levels={levels} />
    </section>
  );
}
