import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { TableScroll } from "~/components/table-scroll";
import { RelativeTime, threadPagePath, pageTitle } from "~/components/common";
import { AUDIT_ACTIONS, AUDIT_ACTION_LABELS, type AuditAction } from "~/domain/moderation";
import { AuditLogQuerySchema } from "~/schemas/moderation.server";
import { listAuditLog } from "~/services/audit-log.server";
import { serviceErrorToData } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Moderation log")];

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "moderator");
  const url = new URL(request.url);
  const query = AuditLogQuerySchema.parse(Object.fromEntries(url.searchParams));
  try {
    const { entries, nextBefore } = listAuditLog(context.deps, user, {
      actor: query.actor,
      target: query.target,
      action: query.action,
      threadId: query.thread,
      postId: query.post,
      before: query.before,
    });
    const next = new URLSearchParams(url.searchParams);
    if (nextBefore) next.set("before", String(nextBefore));
    return { query, entries: entries.map(({ details, ...entry }) => ({ ...entry, details: describeDetails(details) })), nextHref: nextBefore ? `?${next}` : null };
  } catch (error) {
    throw serviceErrorToData(error);
  }
}

function describeDetails(details: unknown): string {
  if (!details || typeof details !== "object") return "";
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ");
}

export default function ModerationLog() {
  const { query, entries, nextHref } = useLoaderData<typeof loader>();
  return (
    <section className="audit-log">
      <h1>Moderation log</h1>
      <p className="muted">Every moderator and admin action, newest first. Entries can never be changed or removed.</p>
      <form method="get" className="audit-log__filters">
        <div className="field">
          <label htmlFor="log-actor">By (handle)</label>
          <input id="log-actor" name="actor" defaultValue={query.actor ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="log-action">Action</label>
          <select id="log-action" name="action" defaultValue={query.action ?? ""}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {AUDIT_ACTION_LABELS[action]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-target">Member acted on (handle)</label>
          <input id="log-target" name="target" defaultValue={query.target ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="log-thread">Thread number</label>
          <input id="log-thread" name="thread" inputMode="numeric" defaultValue={query.thread ?? ""} />
        </div>
        <button type="submit" className="button">
          Filter
        </button>
        <Link to="/staff/log" className="button button--quiet">
          Clear
        </Link>
      </form>
      {entries.length === 0 ? (
        <p className="empty">No entries match.</p>
      ) : (
        <TableScroll label="Moderation log entries">
          <table className="audit-log__table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Reason and details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <RelativeTime at={entry.createdAt} />
                  </td>
                  <td>
                    <Link to={`/u/${entry.actorHandle}`}>{entry.actorName}</Link>
                  </td>
                  <td>{AUDIT_ACTION_LABELS[entry.action as AuditAction] ?? entry.action}</td>
                  <td>
                    {entry.targetHandle ? <Link to={`/u/${entry.targetHandle}`}>{entry.targetName}</Link> : null}
                    {entry.targetHandle && entry.threadId ? " · " : null}
                    {entry.threadId && entry.threadSlug ? (
                      <Link to={entry.postId ? `/p/${entry.postId}` : threadPagePath({ id: entry.threadId, slug: entry.threadSlug })}>
                        {entry.threadTitle}
                        {entry.postId && entry.postPosition && entry.postPosition > 1 ? ` (post #${entry.postPosition})` : null}
                      </Link>
                    ) : null}
                  </td>
                  <td>
                    {entry.reason}
                    {entry.reason && entry.details ? <br /> : null}
                    <span className="muted">{entry.details}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {nextHref ? (
        <nav aria-label="Pagination" className="pagination">
          <Link to={nextHref}>Older entries →</Link>
        </nav>
      ) : null}
    </section>
  );
}
