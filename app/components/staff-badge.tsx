import type { Role } from "~/domain/roles";

const ROLE_BADGE: Partial<Record<Role, string>> = { moderator: "Moderator", admin: "Admin" };

/**
 * Staff are visibly present: every post by staff carries "<Brand> Staff", and moderators and
 * admins their own badge too. `role` is the role at posting time, not today's.
 */
export function StaffBadge({ role, brandName }: { role: Role; brandName: string }) {
  if (role === "member") return null;
  const extra = ROLE_BADGE[role];
  return (
    <>
      <span className="badge badge--staff">{`${brandName} Staff`}</span>
      {extra ? <span className={`badge badge--${role}`}>{extra}</span> : null}
    </>
  );
}

export function OfficialMark() {
  return <span className="badge badge--official">Staff answer</span>;
}
