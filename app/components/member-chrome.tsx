import { PageForm, PageLink, profilePath } from "~/components/common";

// What only a signed-in viewer sees of the layout (the root draws these through lazyModule, so a
// guest's pages do not carry them: issue 14).

/** The part of the root loader's data these draw (declared here: importing the root's type made an import cycle). */
export interface MemberChromeData {
  staffNav: { staff: boolean; moderator: boolean; admin: boolean };
  openFlagCount: number;
  unreadCount: number;
  unverifiedEmail: boolean;
  suspension: { until: string; reason: string | null } | null;
}

// Drawn, not an emoji: a bell glyph is missing from many systems' fonts.
function BellIcon() {
  return (
    <svg className="bell__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
      />
    </svg>
  );
}

/** The staff pages' links in the main navigation, for staff, moderators and admins. */
export function StaffNav({ data }: { data: MemberChromeData }) {
  return (
    <>
      {data.staffNav.staff ? <PageLink to="/staff/queue">Staff queue</PageLink> : null}
      {data.staffNav.staff ? <PageLink to="/staff/insights">Insights</PageLink> : null}
      {data.staffNav.moderator ? (
        <PageLink to="/staff/moderation" aria-label={`Moderation, ${data.openFlagCount} open flags`}>
          Moderation{data.openFlagCount ? <span className="bell__count">{data.openFlagCount}</span> : null}
        </PageLink>
      ) : null}
      {data.staffNav.admin ? <PageLink to="/admin">Admin</PageLink> : null}
    </>
  );
}

/** The header's account area of a signed-in viewer: notifications, profile, account, sign out. */
export function MemberAccount({ data, user }: { data: MemberChromeData; user: { handle: string; displayName: string } }) {
  return (
    <>
      <PageLink to="/notifications" className="bell" aria-label={`Notifications, ${data.unreadCount} unread`}>
        <BellIcon />
        {data.unreadCount ? <span className="bell__count">{data.unreadCount}</span> : null}
      </PageLink>
      <PageLink to={profilePath(user.handle)} className="site-header__user">
        {user.displayName}
      </PageLink>
      <PageLink to="/account">Account</PageLink>
      <PageForm action="/auth/sign-out">
        <button type="submit" className="button button--quiet">
          Sign out
        </button>
      </PageForm>
    </>
  );
}

/** A suspended member is told why and until when; an unconfirmed address is reminded of. */
export function MemberNotices({ data }: { data: MemberChromeData }) {
  return (
    <>
      {data.suspension ? (
        <p className="suspension-banner" role="status">
          Your account is suspended until {data.suspension.until.slice(0, 16).replace("T", " ")} UTC
          {data.suspension.reason ? `: ${data.suspension.reason}` : ""}. You can read, but not post, vote, flag or ask until then.
        </p>
      ) : null}
      {data.unverifiedEmail ? (
        <div className="suspension-banner" role="status">
          <p>Please confirm your email address: follow the link we mailed you when you joined.</p>
          <PageForm action="/auth/verify">
            <button type="submit" className="button">
              Send the link again
            </button>
          </PageForm>
        </div>
      ) : null}
    </>
  );
}
