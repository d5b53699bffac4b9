import { PageForm, PageLink } from "~/components/common";
import { FLAG_REASONS, FLAG_REASON_LABELS } from "~/domain/moderation";
import type { PostCardActions, PostCardPost } from "./post-types";
import { HelpfulButton } from "./vote-buttons";

/**
 * What a signed-in viewer may do with a post: vote, accept, quote, edit, delete, hide, flag (the
 * card shows the helpful count to those who may not vote).
 */
export function PostActions({ post, actions }: { post: PostCardPost; actions: PostCardActions }) {
  const isAnswer = post.position > 1;
  return (
    <>
      {isAnswer && actions.canVote ? <HelpfulButton action={actions.action} postId={post.id} voted={actions.voted} count={post.helpfulCount} /> : null}
      {isAnswer && actions.canAccept ? (
        <PageForm action={actions.action} className="inline-form">
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
        </PageForm>
      ) : null}
      {actions.canQuote ? (
        <PageLink to={actions.quoteHref} className="button button--quiet">
          Quote
        </PageLink>
      ) : null}
      {actions.canEdit ? (
        <PageLink to={`/p/${post.id}/edit`} className="button button--quiet">
          Edit
        </PageLink>
      ) : null}
      {actions.canDelete ? (
        // A second, deliberate click: deleting takes back the post's votes and acceptance and cannot
        // be undone. <details> asks without JavaScript and without a modal dialog.
        <details className="confirm-delete">
          <summary className="button button--quiet button--danger">Delete</summary>
          <PageForm action={actions.action} className="confirm-delete__form">
            <input type="hidden" name="postId" value={post.id} />
            <span>{post.position === 1 ? "Delete this question and its thread?" : "Delete this post?"} This cannot be undone.</span>
            <button type="submit" name="intent" value="delete" className="button button--danger-solid">
              Yes, delete
            </button>
          </PageForm>
        </details>
      ) : null}
      {actions.canHide ? (
        <PageForm action={actions.action} className="inline-form">
          <input type="hidden" name="postId" value={post.id} />
          <button type="submit" name="intent" value={post.hidden ? "unhide" : "hide"} className="button button--quiet">
            {post.hidden ? "Unhide" : "Hide"}
          </button>
        </PageForm>
      ) : null}
      {actions.flagged ? <span className="muted">You flagged this post.</span> : null}
      {actions.canFlag && !actions.flagged ? <FlagForm postId={post.id} action={actions.action} errors={actions.flagErrors} /> : null}
    </>
  );
}

/** Why this post should be looked at; opens in place without JavaScript, like the delete confirmation. */
function FlagForm({ postId, action, errors }: { postId: number; action: string; errors?: Record<string, string> }) {
  const noteId = `flag-note-${postId}`;
  return (
    <details className="confirm-delete flag-post" open={errors ? true : undefined}>
      <summary className="button button--quiet">Flag</summary>
      <PageForm action={action} className="confirm-delete__form flag-post__form">
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
      </PageForm>
    </details>
  );
}
