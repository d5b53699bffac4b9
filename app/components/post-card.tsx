import { Form, Link } from "@remix-run/react";
import { isDeletedAccountHandle } from "~/domain/handles";
import { FLAG_REASONS, FLAG_REASON_LABELS } from "~/domain/moderation";
import type { Role } from "~/domain/roles";
import { Avatar } from "./avatar";
import { RelativeTime } from "./relative-time";
import { OfficialMark, StaffBadge } from "./staff-badge";
import { HelpfulButton, StaticCount } from "./vote-buttons";
import { profilePath } from "~/utils/post-paths";

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
  bodyHtml: string;
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
  /** For guests: where "Helpful" sends them to sign in first. */
  signInHref?: string;
}

/**
 * The author, their reputation and community badge beside their name, and the badges of the role
 * they posted with.
 */
export function AuthorLine({ post, brandName }: { post: PostCardPost; brandName: string }) {
  return (
    <div className="post__author">
      {post.author.id ? <Avatar person={{ ...post.author, id: post.author.id }} /> : null}
      {isDeletedAccountHandle(post.author.handle) ? (
        <span className="post__author-name">{post.author.displayName}</span>
      ) : (
        <Link to={profilePath(post.author.handle)} className="post__author-name">
          {post.author.displayName}
        </Link>
      )}
      <span className="reputation">Reputation {post.author.reputation}</span>
      {post.author.communityBadge ? (
        <span className="badge badge--community" title="Community badge for answers marked solved">
          {post.author.communityBadge}
        </span>
      ) : null}
      <StaffBadge role={post.authorRole} brandName={brandName} />
      {post.official && post.position > 1 ? <OfficialMark /> : null}
    </div>
  );
}

/** One post: who wrote it, when (and who edited it), its words, and what the viewer may do with it. */
export function PostCard({ post, actions, brandName }: { post: PostCardPost; actions: PostCardActions; brandName: string }) {
  const isAnswer = post.position > 1;
  if (post.deleted && post.withheld !== false) {
    return (
      <article id={`post-${post.id}`} className="post post--deleted" aria-label="Deleted post">
        <p className="muted">This post was deleted.</p>
      </article>
    );
  }
  if (post.deleted) {
    // Staff still read a deleted post, marked; a moderator may bring it back.
    return (
      <article id={`post-${post.id}`} className="post post--deleted post--hidden" aria-label="Deleted post">
        <header className="post__header">
          <AuthorLine post={post} brandName={brandName} />
        </header>
        <p className="post__hidden-mark" role="note">
          <strong>Deleted</strong>: only staff can read it; everyone else sees “This post was deleted.”
        </p>
        <div className="prose" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
        {actions.canRestore ? (
          <footer className="post__actions">
            <Form method="post" action={actions.action} className="inline-form">
              <input type="hidden" name="postId" value={post.id} />
              <button type="submit" name="intent" value="restore" className="button button--quiet">
                Restore
              </button>
            </Form>
          </footer>
        ) : null}
      </article>
    );
  }
  if (post.hidden && post.withheld) {
    return (
      <article id={`post-${post.id}`} className="post post--deleted" aria-label="Hidden post">
        <p className="muted">{post.hidden === "flags" ? "Hidden pending review." : "This post was hidden by moderators."}</p>
      </article>
    );
  }
  return (
    <article
      id={`post-${post.id}`}
      className={`post${post.authorRole !== "member" ? " post--staff" : ""}${actions.isAccepted ? " post--accepted" : ""}${post.hidden ? " post--hidden" : ""}`}
      aria-label={isAnswer ? `Answer by ${post.author.displayName}` : "Question"}
    >
      <header className="post__header">
        <AuthorLine post={post} brandName={brandName} />
        <div className="post__dates muted">
          <a href={`#post-${post.id}`}>
            <RelativeTime at={post.createdAt} />
          </a>
          {post.editedAt ? (
            <>
              {" · "}
              <Link to={`/p/${post.id}/revisions`} className="post__edited">
                edited
              </Link>{" "}
              by {post.editedBy?.displayName ?? "someone"} <RelativeTime at={post.editedAt} />
            </>
          ) : null}
        </div>
      </header>
      {post.hidden ? (
        <p className="post__hidden-mark" role="note">
          <strong>Hidden</strong> {post.hidden === "flags" ? "pending review: members flagged it, others see only that it is hidden." : "by moderators: only its author and staff can read it."}
        </p>
      ) : null}
      <div className="prose" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
      <footer className="post__actions">
        {isAnswer ? (
          actions.canVote ? (
            <HelpfulButton action={actions.action} postId={post.id} voted={actions.voted} count={post.helpfulCount} />
          ) : (
            <StaticCount label="Helpful" count={post.helpfulCount} signInHref={actions.signInHref} />
          )
        ) : null}
        {isAnswer && actions.canAccept ? (
          <Form method="post" action={actions.action} className="inline-form">
            <input type="hidden" name="postId" value={post.id} />
            {actions.isAccepted ? (
              <button type="submit" name="intent" value="unaccept" className="button button--quiet">
                Unmark as solved
              </button>
            ) : (
              <button type="submit" name="intent" value="accept" className="button button--quiet">
                Mark as solved
              </button>
            )}
          </Form>
        ) : null}
        {actions.canQuote ? (
          <Link to={actions.quoteHref} className="button button--quiet" preventScrollReset={false}>
            Quote
          </Link>
        ) : null}
        {actions.canEdit ? (
          <Link to={`/p/${post.id}/edit`} className="button button--quiet">
            Edit
          </Link>
        ) : null}
        {actions.canDelete ? (
          // A second, deliberate click: deleting takes back the post's votes and acceptance and cannot
          // be undone. <details> asks without JavaScript and without a modal dialog.
          <details className="confirm-delete">
            <summary className="button button--quiet button--danger">Delete</summary>
            <Form method="post" action={actions.action} className="confirm-delete__form">
              <input type="hidden" name="postId" value={post.id} />
              <span>{post.position === 1 ? "Delete this question and its thread?" : "Delete this post?"} This cannot be undone.</span>
              <button type="submit" name="intent" value="delete" className="button button--danger-solid">
                Yes, delete
              </button>
            </Form>
          </details>
        ) : null}
        {actions.canHide ? (
          <Form method="post" action={actions.action} className="inline-form">
            <input type="hidden" name="postId" value={post.id} />
            <button type="submit" name="intent" value={post.hidden ? "unhide" : "hide"} className="button button--quiet">
              {post.hidden ? "Unhide" : "Hide"}
            </button>
          </Form>
        ) : null}
        {actions.flagged ? <span className="muted">You flagged this post.</span> : null}
        {actions.canFlag && !actions.flagged ? <FlagForm postId={post.id} action={actions.action} errors={actions.flagErrors} /> : null}
      </footer>
    </article>
  );
}

/** Why this post should be looked at; opens in place without JavaScript, like the delete confirmation. */
function FlagForm({ postId, action, errors }: { postId: number; action: string; errors?: Record<string, string> }) {
  const noteId = `flag-note-${postId}`;
  return (
    <details className="confirm-delete flag-post" open={errors ? true : undefined}>
      <summary className="button button--quiet">Flag</summary>
      <Form method="post" action={action} className="confirm-delete__form flag-post__form">
        <input type="hidden" name="postId" value={postId} />
        <fieldset>
          <legend>What is wrong with this post?</legend>
          {FLAG_REASONS.map((reason) => (
            <label key={reason} className="checkbox">
              <input type="radio" name="reason" value={reason} required /> {FLAG_REASON_LABELS[reason]}
            </label>
          ))}
          {errors?.reason ? <p className="field__error" role="alert">{errors.reason}</p> : null}
        </fieldset>
        <div className={`field${errors?.note ? " field--invalid" : ""}`}>
          <label htmlFor={noteId}>Note for moderators (required for “Something else”)</label>
          <textarea id={noteId} name="note" rows={2} maxLength={500} aria-invalid={errors?.note ? true : undefined} />
          {errors?.note ? <p className="field__error" role="alert">{errors.note}</p> : null}
        </div>
        {errors?.form ? <p className="field__error" role="alert">{errors.form}</p> : null}
        <button type="submit" name="intent" value="flag" className="button">
          Send flag
        </button>
      </Form>
    </details>
  );
}
