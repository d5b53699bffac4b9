import type { Role } from "@db/schema";

/** The least a permission question needs to know about the person asking. */
export interface Actor {
  id: string;
  role: Role;
  suspendedUntil?: Date | null;
}

const RANK: Record<Role, number> = { member: 0, staff: 1, moderator: 2, admin: 3 };

/** Staff, moderators and admins all count as staff: each role includes the ones below it. */
export function hasRole(actor: Actor | null | undefined, role: Role): boolean {
  return !!actor && RANK[actor.role] >= RANK[role];
}

export function isSuspended(actor: Actor, now: Date): boolean {
  return !!actor.suspendedUntil && actor.suspendedUntil.getTime() > now.getTime();
}

export type Action =
  | "ask"
  | "reply"
  | "vote"
  | "flag"
  | "accept"
  | "editPost"
  | "deletePost"
  | "answerOfficially"
  | "claimEscalation"
  | "viewStaffQueue"
  | "pin"
  | "hide"
  | "lock"
  | "moveThread"
  | "restorePost"
  | "closeAsDuplicate"
  | "mergeThread"
  | "suspend"
  | "reviewFlags"
  | "viewAuditLog"
  | "editSettings"
  | "manageRoles";

/** Optional facts about the thing acted on. */
export interface Subject {
  authorId?: string;
  threadAuthorId?: string;
  locked?: boolean;
}

const MIN_ROLE: Record<Action, Role> = {
  ask: "member",
  reply: "member",
  vote: "member",
  flag: "member",
  accept: "member",
  editPost: "member",
  deletePost: "member",
  answerOfficially: "staff",
  claimEscalation: "staff",
  viewStaffQueue: "staff",
  pin: "staff",
  hide: "moderator",
  lock: "moderator",
  moveThread: "moderator",
  restorePost: "moderator",
  closeAsDuplicate: "moderator",
  mergeThread: "moderator",
  suspend: "moderator",
  reviewFlags: "moderator",
  viewAuditLog: "moderator",
  editSettings: "admin",
  manageRoles: "admin",
};

/**
 * Answers "may this person do this?" for services (which enforce it) and components (which
 * hide what cannot be done). Guests can do nothing here: reading needs no permission.
 */
export function can(actor: Actor | null | undefined, action: Action, subject: Subject = {}, now = new Date()): boolean {
  if (!actor || !hasRole(actor, MIN_ROLE[action])) return false;
  if (isSuspended(actor, now) && !hasRole(actor, "moderator")) return false;
  switch (action) {
    case "reply":
      return !subject.locked || hasRole(actor, "moderator");
    case "vote":
    case "flag":
      return subject.authorId !== actor.id;
    case "accept":
      return subject.threadAuthorId === actor.id || hasRole(actor, "staff");
    case "editPost":
    case "deletePost":
      return subject.authorId === actor.id || hasRole(actor, "moderator");
    default:
      return true;
  }
}

/**
 * May `actor` moderate `target` (suspend them, hide or delete their posts, change their role)?
 * Only someone who outranks them: a moderator acts on members and staff, an admin on moderators
 * too, and nobody on themselves or on an equal.
 */
export function canActOnUser(actor: Actor | null | undefined, target: Pick<Actor, "id" | "role">): boolean {
  return !!actor && hasRole(actor, "moderator") && actor.id !== target.id && RANK[actor.role] > RANK[target.role];
}
