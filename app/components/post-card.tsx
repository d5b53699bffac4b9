import { PageForm } from "./page-form";
import { PageLink } from "./page-link";
import { isDeletedAccountHandle } from "~/domain/handles";
import { Avatar } from "./avatar";
import { RelativeTime } from "./relative-time";
import { OfficialMark, StaffBadge } from "./staff-badge";
import { PostActions } from "./thread-tools-lazy";
import { StaticCount } from "./static-count";
import type { PostCardActions, PostCardPost } from "./post-types";
import { profilePath } from "~/utils/post-paths";

export type { PostCardActions, PostCardPost };

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
        <PageLink to={profilePath(post.author.handle)} className="post__author-name">
          {post.author.displayName}
        </PageLink>
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
              <PageLink to={`/p/${post.id}/revisions`} className="post__edited">
                edited
              </PageLink>{" "}
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
        {isAnswer && !actions.canVote ? <StaticCount label="Helpful" count={post.helpfulCount} signInHref={actions.signInHref} /> : null}
        {actions.signInHref ? null : <PostActions post={post} actions={actions} />}
      </footer>
    </article>
  );
}
