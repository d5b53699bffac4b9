import { can, canActOnUser, hasRole, type Actor } from "~/auth/permissions";
import type { Role } from "~/domain/roles";

/** What the viewer may do with one post of a thread page; absent for a guest. */
export interface PostPermissions {
  vote: boolean;
  accept: boolean;
  edit: boolean;
  delete: boolean;
  flag: boolean;
  hide: boolean;
  restore: boolean;
}

/** What the viewer may do on a thread page, for the page to offer only that. */
export interface ThreadPermissions {
  reply: boolean;
  /** Mark the thread "me too" (a signed-in viewer other than its asker, on an open thread). */
  meToo: boolean;
  lock: boolean;
  pin: boolean;
  merge: boolean;
  move: boolean;
  /** Keyed by post id; empty for a guest, who may do nothing. */
  posts: Record<number, PostPermissions>;
}

interface ThreadFacts {
  authorId: string;
  kind: string;
  locked: boolean;
  duplicateOfId: number | null;
}

interface PostFacts {
  id: number;
  position: number;
  authorId: string;
  authorRole: Role;
}

/**
 * The thread page's permission answers, worked out with the loader's data (issue 14: the browser
 * carries no permission rules, so a guest's page loads less JavaScript). The services enforce the
 * same rules on every action; these only decide which forms the page draws.
 */
export function threadPermissions(viewer: Actor | null, thread: ThreadFacts, posts: PostFacts[], now: Date): ThreadPermissions {
  const answersKind = thread.kind === "question" || thread.kind === "problem";
  const reply = can(viewer, "reply", { locked: thread.locked }, now) && (!thread.duplicateOfId || hasRole(viewer, "moderator"));
  const permissions: ThreadPermissions = {
    reply,
    meToo: !!viewer && viewer.id !== thread.authorId && answersKind && !thread.locked && can(viewer, "vote", { authorId: thread.authorId }, now),
    lock: can(viewer, "lock", {}, now),
    pin: can(viewer, "pin", {}, now),
    merge: can(viewer, "mergeThread", {}, now),
    move: can(viewer, "moveThread", {}, now),
    posts: {},
  };
  if (!viewer) return permissions;
  const writable = !thread.locked || hasRole(viewer, "moderator");
  for (const post of posts) {
    const outranked = post.authorId === viewer.id || canActOnUser(viewer, { id: post.authorId, role: post.authorRole });
    permissions.posts[post.id] = {
      vote: writable && post.position > 1 && can(viewer, "vote", { authorId: post.authorId }, now),
      accept: writable && answersKind && can(viewer, "accept", { threadAuthorId: thread.authorId }, now),
      edit: writable && can(viewer, "editPost", { authorId: post.authorId }, now),
      delete: writable && can(viewer, "deletePost", { authorId: post.authorId }, now),
      flag: post.authorId !== viewer.id && can(viewer, "flag", { authorId: post.authorId }, now),
      hide: can(viewer, "hide", {}, now) && outranked,
      restore: can(viewer, "restorePost", {}, now) && outranked,
    };
  }
  return permissions;
}
