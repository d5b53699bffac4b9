import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { Avatar, StaffBadge, RelativeTime, pageTitle, profilePath } from "~/components/common";
import { FormError, TextField } from "~/components/field";
import type { RootData } from "~/root";
import { SuspensionFormSchema } from "~/schemas/moderation.server";
import { NotFound } from "~/services/errors";
import { findRenamedHandle, getProfile } from "~/services/profiles.server";
import { getSuspensionPanel, suspendUser, unsuspendUser } from "~/services/suspensions.server";
import { findUserByHandle } from "~/services/users.server";
import { badgeLabel, REPUTATION } from "~/utils/badges";
import { fieldErrors, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";

export function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const profile = getProfile(context.deps, params.handle ?? "");
    // Moderators (over this member) see and change the suspension here; everyone else sees nothing of it.
    const suspension = getSuspensionPanel(context.deps, context.user, profile.user.id);
    const done = new URL(request.url).searchParams.get("done");
    return { ...profile, suspension, done: done === "suspended" || done === "unsuspended" ? done : null };
  } catch (error) {
    // An old handle leads to the member's profile under their new one, for good (301).
    const renamed = error instanceof NotFound ? findRenamedHandle(context.deps, params.handle ?? "") : null;
    if (renamed) throw redirect(profilePath(renamed), 301);
    throw serviceErrorToData(error);
  }
}

/** Suspend or lift a suspension (moderators over this member; the service enforces rank with 403). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, "moderator");
  const form = formToObject(await readForm(request));
  const parsed = SuspensionFormSchema.safeParse(form);
  const values = { until: form.until ?? "", suspendReason: form.suspendReason ?? "" };
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    const target = findUserByHandle(context.deps, params.handle ?? "");
    if (parsed.data.intent === "suspend") suspendUser(context.deps, user, target.id, { until: parsed.data.until, reason: parsed.data.suspendReason });
    else unsuspendUser(context.deps, user, target.id);
    throw redirect(`${profilePath(target.handle)}?done=${parsed.data.intent === "suspend" ? "suspended" : "unsuspended"}#suspension`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const response = serviceErrorToData(error);
    return data({ errors: response.data.errors, values }, response.init ?? undefined);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data: profile, matches }) => [
  pageTitle(matches, profile ? `${profile.user.displayName} (@${profile.user.handle})` : "Member not found"),
  { name: "description", content: profile ? `${profile.user.reputation} reputation, ${profile.user.acceptedCount} solved answers` : "" },
];

function formatDay(at: string | Date): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** A moderator's view of this member's suspension: its state, and the one form that changes it. */
function SuspensionPanel({ name, suspension, done }: { name: string; suspension: { until: string | Date | null; reason: string | null }; done: string | null }) {
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section aria-labelledby="suspension" className="stack narrow">
      <h2 id="suspension">Suspension</h2>
      {done ? (
        <p className="notice notice--ok" role="status">
          {done === "suspended" ? `${name} is suspended.` : `${name} may post again.`}
        </p>
      ) : null}
      <FormError error={errors.form ?? errors.intent} />
      {suspension.until ? (
        <>
          <p>
            Suspended until {formatDay(suspension.until)} (UTC){suspension.reason ? `: ${suspension.reason}` : "."}
          </p>
          <Form method="post">
            <button type="submit" name="intent" value="unsuspend" className="button button--quiet">
              Lift the suspension
            </button>
          </Form>
        </>
      ) : (
        <Form method="post" className="stack" noValidate>
          <p className="muted">A suspended member keeps reading but cannot ask, reply, vote or flag until the day you pick (from midnight UTC).</p>
          <TextField label="Until" name="until" type="date" required defaultValue={result?.values.until} error={errors.until} />
          <TextField label="Reason (the member sees it)" name="suspendReason" required maxLength={500} defaultValue={result?.values.suspendReason} error={errors.suspendReason} />
          <button type="submit" name="intent" value="suspend" className="button">
            Suspend {name}
          </button>
        </Form>
      )}
    </section>
  );
}

export default function Profile() {
  const { user, badges, accepted, activity, suspension, done } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<RootData>("root");
  return (
    <div className="profile">
      <header className="profile__header">
        <Avatar person={user} size="lg" />
        <h1>
          {user.displayName} <span className="muted">@{user.handle}</span>
        </h1>
        <StaffBadge role={user.role} brandName={root?.site.brandName ?? "Peerdesk"} />
        <p className="muted">
          Joined <RelativeTime at={user.createdAt} />
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
          <dt>Solved answers</dt>
          <dd>{user.acceptedCount}</dd>
        </div>
      </dl>
      <p className="muted">
        Reputation: +{REPUTATION.accepted} for each answer marked Solved, +{REPUTATION.helpful} for each Helpful vote.
      </p>
      {suspension ? <SuspensionPanel name={user.displayName} suspension={suspension} done={done} /> : null}
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
        <h2 id="accepted-heading">Answers marked Solved</h2>
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
