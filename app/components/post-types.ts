import type { Role } from "~/domain/roles";

// What a post card shows and what its viewer may do, apart from the card: the lazily loaded
// actions (post-actions.tsx) take them too.
export interface PostCardPost {
  id: number;
  position: number;
  author: { id?: string; handle: string; displayName: string; reputation: number; communityBadge?: string | null; avatarMediaId?: string | null };
  authorRole: Role;
  official: boolean;
  helpfulCount: number;
  createdAt: string | Date;
  editedAt: string | Date | null;
  editedBy: { handle: string; displayName: string } | null;
  deleted: boolean;
  /** "flags": hidden pending review; "moderator": hidden by moderators; null: shown. */
  hidden?: "flags" | "moderator" | null;
  /** The viewer may not read this deleted or hidden post's words (bodyHtml is empty). */
  withheld?: boolean;
  /** Absent from a document's loader data: the words are in the page (PostBody). */
  bodyHtml?: string;
}

export interface PostCardActions {
  /** The thread page URL the forms post to. */
  action: string;
  /** This page with the reply form prefilled with a quote of the post. */
  quoteHref: string;
  canVote: boolean;
  voted: boolean;
  canAccept: boolean;
  isAccepted: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canQuote: boolean;
  /** Show the flag form (signed in, not the author, not yet flagged by the viewer). */
  canFlag?: boolean;
  flagged?: boolean;
  /** The flag form's field errors, after a refused flag on this post. */
  flagErrors?: Record<string, string>;
  /** Moderators: hide a shown post, or restore a hidden one. */
  canHide?: boolean;
  /** Moderators: bring a deleted post back. */
  canRestore?: boolean;
  /** For guests (who get none of the actions above): where "Helpful" sends them to sign in first. */
  signInHref?: string;
}
