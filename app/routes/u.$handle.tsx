import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { StaffBadge } from "~/components/staff-badge";
import { RelativeTime } from "~/components/thread-list";
import type { RootData } from "~/root";
import { getProfile } from "~/services/profiles.server";
import { badgeLabel, REPUTATION } from "~/utils/badges";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle } from "~/utils/page-title";

export function loader({ params, context }: LoaderFunctionArgs) {
  try {
    return getProfile(context.deps, params.handle ?? "");
  } catch (error) {
    throw serviceErrorToData(error);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data: profile, matches }) => [
  pageTitle(matches, profile ? `${profile.user.displayName} (@${profile.user.handle})` : "Member not found"),
  { name: "description", content: profile ? `${profile.user.reputation} reputation, ${profile.user.acceptedCount} accepted answers` : "" },
];

export default function Profile() {
  const { user, badges, accepted, activity } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<RootData>("root");
  return (
    <div className="profile">
      <header className="profile__header">
        <h1>
          {user.displayName} <span className="muted">@{user.handle}</span>
        </h1>
        <StaffBadge role={user.role} brandName={root?.site.brandName ?? "Peerdesk"} />
        <p className="muted">
          Member since <RelativeTime at={user.createdAt} />
        </p>
      </header>
      <dl className="profile__stats">
        <div>
          <dt>Reputation</dt>
          <dd data-testid="reputation">{user.reputation}</dd>
        </div>
        <div>
          <dt>Answers</dt>
          <dd>{user.answerCount}</dd>
        </div>
        <div>
          <dt>Accepted answers</dt>
          <dd>{user.acceptedCount}</dd>
        </div>
      </dl>
      <p className="muted">
        Reputation: +{REPUTATION.accepted} for each accepted answer, +{REPUTATION.helpful} for each helpful vote.
      </p>
      <section aria-labelledby="badges-heading">
        <h2 id="badges-heading">Badges</h2>
        {badges.length ? (
          <ul className="badge-list">
            {badges.map((badge) => (
              <li key={badge.id}>
                <span className="badge badge--community">{badgeLabel(badge.id)}</span> <RelativeTime at={badge.awardedAt} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No badges yet.</p>
        )}
      </section>
      <section aria-labelledby="accepted-heading">
        <h2 id="accepted-heading">Accepted answers</h2>
        {accepted.length ? (
          <ul className="activity-list">
            {accepted.map((item) => (
              <li key={item.postId}>
                <Link to={item.path}>{item.threadTitle}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None yet.</p>
        )}
      </section>
      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading">Recent activity</h2>
        {activity.length ? (
          <ul className="activity-list">
            {activity.map((item) => (
              <li key={item.postId}>
                {item.position === 1 ? "Asked" : item.acceptedPostId === item.postId ? "Answered (accepted)" : "Replied to"}{" "}
                <Link to={item.path}>{item.threadTitle}</Link> ·{" "}
                <RelativeTime at={item.createdAt} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Nothing yet.</p>
        )}
      </section>
    </div>
  );
}
