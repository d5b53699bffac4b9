import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { RelativeTime, pageTitle } from "~/components/common";
import { listNotifications, markAllNotificationsRead } from "~/services/notifications.server";
import { NotificationPageQuerySchema } from "~/schemas/notifications.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Notifications")];

const PAGE = 30;

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const query = NotificationPageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = listNotifications(context.deps, user.id, { before: query.before, limit: PAGE + 1 });
  const page = rows.slice(0, PAGE);
  return { items: page, nextBefore: rows.length > PAGE ? page[page.length - 1]!.id : null };
}

export function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  markAllNotificationsRead(context.deps, user.id);
  return { ok: true };
}

const DESCRIBE: Record<string, (actor: string) => string> = {
  answer: (actor) => `${actor} replied in`,
  accepted: (actor) => `${actor} accepted your answer in`,
  helpful: (actor) => `${actor} found your answer helpful in`,
  escalated: () => "Waiting for a response:",
  reminder: () => "Did an answer solve it?",
  flag_agreed: () => "Moderators agreed with your flag and acted on a post in",
  flag_disagreed: () => "Moderators reviewed your flag and left the post up in",
};

export default function Notifications() {
  const { items, nextBefore } = useLoaderData<typeof loader>();
  const unread = items.some((item) => !item.readAt);
  return (
    <section className="notifications">
      <h1>Notifications</h1>
      {unread ? (
        <Form method="post">
          <button type="submit" className="button button--quiet">
            Mark all as read
          </button>
        </Form>
      ) : null}
      {items.length === 0 ? <p className="empty">Nothing yet. Follow a thread to hear about new answers.</p> : null}
      <ul className="notification-list">
        {items.map((item) => (
          <li key={item.id} className={`notification${item.readAt ? "" : " notification--unread"}`}>
            {item.readAt ? null : <span className="visually-hidden">Unread: </span>}
            {(DESCRIBE[item.kind] ?? (() => "Update in"))(item.actorName ?? "Someone")}{" "}
            {/* Opening goes through a route that marks it read, then on to the post. */}
            <Link to={`/notifications/${item.id}`} reloadDocument>
              {item.threadTitle ?? "a thread"}
            </Link>{" "}
            <span className="muted">
              <RelativeTime at={item.createdAt} />
            </span>
          </li>
        ))}
      </ul>
      {nextBefore ? (
        <nav aria-label="Pagination" className="pagination">
          <Link to={`?before=${nextBefore}`}>Older notifications →</Link>
        </nav>
      ) : null}
    </section>
  );
}
