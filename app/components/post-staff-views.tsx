import { PageForm } from "~/components/common";
import type { ReactNode } from "react";
import type { PostCardActions, PostCardPost } from "./post-types";

// What only staff (or a hidden post's author) see of a post, drawn lazily through
// thread-tools-lazy.tsx: a guest never reads a deleted or hidden post, so their page does not
// carry this (issue 14).

/** A deleted post as staff still read it, marked; a moderator may bring it back. */
export function DeletedPost({ post, actions, authorLine, body }: { post: PostCardPost; actions: PostCardActions; authorLine: ReactNode; body: ReactNode }) {
  return (
    <article id={`post-${post.id}`} className="post post--deleted post--hidden" aria-label="Deleted post">
      <header className="post__header">{authorLine}</header>
      <p className="post__hidden-mark" role="note">
        <strong>Deleted</strong>: only staff can read it; everyone else sees “This post was deleted.”
      </p>
      {body}
      {actions.canRestore ? (
        <footer className="post__actions">
          <PageForm action={actions.action} className="inline-form">
            <input type="hidden" name="postId" value={post.id} />
            <button type="submit" name="intent" value="restore" className="button button--quiet">
              Restore
            </button>
          </PageForm>
        </footer>
      ) : null}
    </article>
  );
}

/** The mark over a hidden post that its author and staff may still read. */
export function HiddenMark({ hidden }: { hidden: "flags" | "moderator" }) {
  return (
    <p className="post__hidden-mark" role="note">
      <strong>Hidden</strong> {hidden === "flags" ? "pending review: members flagged it, others see only that it is hidden." : "by moderators: only its author and staff can read it."}
    </p>
  );
}

/** Follow or unfollow the thread (mail and notifications of new replies). */
export function FollowButton({ action, following }: { action: string; following: boolean }) {
  return (
    <PageForm action={action} className="inline-form">
      <button type="submit" name="intent" value={following ? "unfollow" : "follow"} className="button button--quiet">
        {following ? "Unfollow" : "Follow"}
      </button>
    </PageForm>
  );
}
